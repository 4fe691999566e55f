// Enter in a date field applies the dates typed into it, as a click elsewhere does.
//
// Streamlit's date field (an editable segment for each year, month and day; 1.67) sends its
// dates to the app only when the focus leaves the whole field (a click elsewhere, or Tab past
// its calendar button) or on Escape, which also closes its calendar; Enter did nothing. Here
// Enter in the field is Escape: the dates typed are applied at once (both ends of a range
// typed; one alone waits, as it does on a click elsewhere). Enter in the calendar pop-up
// (another element) still picks a day. dashboard.py loads it once per page (st.html, not in
// a frame).
(() => {
  if (window.vaDateEnter) return;
  window.vaDateEnter = true;
  document.addEventListener(
    "keydown",
    (event) => {
      if (event.key !== "Enter" || event.isComposing) return;
      const target = event.target;
      if (!(target instanceof HTMLElement)) return;
      if (!target.closest("[data-testid='stDateInputField']")) return;
      event.preventDefault();
      event.stopPropagation();
      const escape = { key: "Escape", code: "Escape", bubbles: true, cancelable: true };
      target.dispatchEvent(new KeyboardEvent("keydown", escape));
    },
    true,
  );
})();
