// Marks the page with the kind of input used last, so that app.css draws the title's focus ring (Blazor moves the
// focus to it after each navigation, for screen readers) for keyboard users only. A fresh page counts as a pointer's
// until a key is pressed: Chrome would otherwise draw the ring around a title that a script focused.
(() => {
    const root = document.documentElement;
    root.dataset.input = "pointer";
    addEventListener("keydown", event => {
        if (!event.ctrlKey && !event.metaKey && !event.altKey) {
            root.dataset.input = "keyboard";
        }
    }, true);
    addEventListener("pointerdown", () => { root.dataset.input = "pointer"; }, true);
})();
