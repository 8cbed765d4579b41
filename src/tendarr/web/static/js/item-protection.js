/* Item page, lifecycle panel: whether the item is protected (its own protection, or its
 * show's), and the Protect / Unprotect buttons with the explicit "monitor and search"
 * choice. Registers `itemProtection`; it sits inside the item page and reads its `item`.
 * Loaded without `defer`, before Alpine. */
(function () {
  "use strict";

  const LABELS = {
    done: "Sonarr/Radarr: done",
    not_managed: "not in Sonarr/Radarr",
    not_connected: "no Sonarr/Radarr",
    no_id: "no id to find it",
    failed: "Sonarr/Radarr failed",
    skipped: "not monitored or searched",
  };

  document.addEventListener("alpine:init", () => {
    window.Alpine.data("itemProtection", () => ({
      protection: null,
      loaded: false,
      saving: false,
      error: "",
      reason: "",
      monitorAndSearch: true,
      init() {
        this.load();
      },
      get protectable() {
        return this.item && (this.item.kind === "movie" || this.item.kind === "show");
      },
      get inherited() {
        return Boolean(this.protection) && !this.protectable;
      },
      arrLabel(state) {
        return LABELS[state] || state;
      },
      arrBadge(state) {
        if (state === "done") return "badge--succeeded";
        if (state === "failed") return "badge--failed";
        return "";
      },
      async load() {
        try {
          const body = await window.Tendarr.api("GET", `/api/items/${this.item.id}/protection`);
          this.protection = body.protection;
          this.error = "";
        } catch (err) {
          this.error = "Protection is unknown right now: " + err.message;
        }
        this.loaded = true;
      },
      async protect() {
        this.saving = true;
        this.error = "";
        try {
          this.protection = await window.Tendarr.api("PUT", `/api/items/${this.item.id}/protection`, {
            reason: this.reason.trim() || null,
            monitor_and_search: this.monitorAndSearch,
          });
          this.reason = "";
        } catch (err) {
          this.error = err.message;
        }
        this.saving = false;
      },
      async unprotect() {
        this.saving = true;
        this.error = "";
        try {
          await window.Tendarr.api("DELETE", `/api/items/${this.item.id}/protection`);
          this.protection = null;
        } catch (err) {
          this.error = err.message;
        }
        this.saving = false;
      },
    }));
  });
})();
