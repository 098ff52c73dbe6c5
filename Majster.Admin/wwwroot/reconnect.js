// The reconnect box's buttons (ReconnectModal.razor): try again, resume a paused page, reload. A page whose session the
// server no longer has (rejected) reloads at once, as Blazor's own box does.
(() => {
    const box = document.getElementById("components-reconnect-modal");
    if (!box) {
        return;
    }

    const reload = () => location.reload();
    const actions = {
        retry: async () => {
            try {
                if (!await Blazor.reconnect()) {
                    reload();
                }
            } catch {
                // The server cannot be reached yet: the box stays in its failed state with its Retry button.
            }
        },
        resume: async () => {
            if (!await Blazor.resumeCircuit()) {
                box.className = "components-reconnect-resume-failed";
            }
        },
        reload,
    };
    box.addEventListener("components-reconnect-state-changed", event => {
        if (event.detail.state === "rejected") {
            reload();
        }
    });
    box.querySelectorAll("[data-reconnect]").forEach(button => button.addEventListener("click", () => actions[button.dataset.reconnect]()));
})();
