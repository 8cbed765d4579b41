/* Cleanup page, "Protected" tab: every protected movie and show from /api/protections, with
 * who protected it, when, why and what Sonarr/Radarr did; Unprotect asks first, then
 * removes the protection (DELETE /api/items/{id}/protection). Registers
 * `cleanupProtections`; loaded without `defer`. */
(function () {
  "use strict";

  // The same words as the item page's lifecycle panel (js/item-protection.js).
  const ARR_LABELS = {
    done: "Sonarr/Radarr: done",
    not_managed: "not in Sonarr/Radarr",
    not_connected: "no Sonarr/Radarr",
    no_id: "no id to find it",
    failed: "Sonarr/Radarr failed",
    skipped: "not monitored or searched",
  };

  document.addEventListener("alpine:init", () => {
    window.Alpine.data("cleanupProtections", () => ({
      protections: [],
      loaded: false,
      error: "",
      busy: null,
      init() {
        this.load();
      },
      async load() {
        try {
          this.protections = await window.Tendarr.api("GET", "/api/protections");
          this.error = "";
        } catch (err) {
          this.error = "The protected titles could not be read: " + err.message;
        }
        this.loaded = true;
      },
      arrLabel(state) {
        return ARR_LABELS[state] || state;
      },
      arrBadge(state) {
        if (state === "done") return "badge--succeeded";
        if (state === "failed") return "badge--failed";
        return "";
      },
      async unprotect(p) {
        const ok = await window.Tendarr.confirm(
          `Unprotect "${p.title}"? Cleanup rules, retention rules and VIPER may then remove it. ` +
            "Nothing changes in Sonarr/Radarr.",
          { title: "Unprotect", okLabel: "Unprotect", danger: true },
        );
        if (!ok) return;
        this.busy = p.id;
        try {
          await window.Tendarr.api("DELETE", `/api/items/${p.item_id}/protection`);
          window.Tendarr.toast(p.title, "success", { title: "Unprotected" });
        } catch (err) {
          window.Tendarr.toastError(err, "Not unprotected");
        }
        this.busy = null;
        await this.load();
      },
    }));
  });
})();
