"""Quality: how right the pipeline is, and data to test it at scale.

In: a gold set (articles + ``expected_places.csv`` / ``expected_actions.csv``). Out: place
precision and recall (``evaluate``), the action table of real news (``evaluate_actions``),
the reliability of the records' confidence and its fitted weights (``calibration``), and
synthetic corpora of any size with their truth (``synth``).
"""
