/* VIPER dashboard (templates/viper.html): the shows somebody watched and, for one show,
 * each viewer's bubble drawn over the continuous episode order with every episode's
 * decision and reasons. Reads GET /api/viper/shows and /api/viper/shows/{id}. */
(function () {
  "use strict";

  const ACTIONS = {
    keep: "kept",
    delete: "deletable (unmonitored in Sonarr)",
    search: "redownload now",
    none: "not on disk",
  };

  function when(iso) {
    return new Date(iso).toLocaleString();
  }

  document.addEventListener("alpine:init", () => {
    window.Alpine.data("viperPage", () => ({
      shows: [],
      selected: null,
      episode: null,
      loaded: false,
      loading: false,
      error: "",
      init() {
        this.load();
      },
      async load() {
        this.loading = true;
        this.error = "";
        try {
          this.shows = await window.Tendarr.api("GET", "/api/viper/shows");
          this.loaded = true;
          const wanted = Number(new URLSearchParams(window.location.search).get("show"));
          if (this.selected) await this.open(this.selected.item_id);
          else if (wanted) await this.open(wanted);  // /viper?show=<id>, from an item page
        } catch (err) {
          this.error = err.message || "Could not read VIPER's decisions";
        } finally {
          this.loading = false;
        }
      },
      async open(itemId) {
        try {
          this.selected = await window.Tendarr.api("GET", `/api/viper/shows/${itemId}`);
          this.episode = null;
        } catch (err) {
          this.error = err.message || "Could not read the show";
        }
      },
      get ordered() {
        if (!this.selected) return [];
        return this.selected.episodes.filter((e) => e.ordinal !== null);
      },
      get gridStyle() {
        return `--vp-columns: ${this.ordered.length}`;
      },
      inBubble(viewer, ep) {
        return Boolean(viewer.bubble) && ep.ordinal >= viewer.bubble.start && ep.ordinal <= viewer.bubble.end;
      },
      summary(viewer) {
        const pace = viewer.velocity_per_day === null
          ? "pace unknown"
          : `${viewer.velocity_per_day.toFixed(2)}/day (${viewer.velocity_class})`;
        const kept = viewer.bubble
          ? `keeps ${viewer.bubble.start_label}–${viewer.bubble.end_label}`
          : viewer.finished ? "finished: keeps nothing" : "inactive: keeps nothing";
        return `at ${viewer.position_label} · ${pace} · ${kept}`;
      },
      actionText(ep) {
        return ACTIONS[ep.action] || ep.action;
      },
      tooltip(ep) {
        return `${ep.label} — ${this.actionText(ep)}\n` + ep.reasons.map((r) => r.text).join("\n");
      },
      planText(ep) {
        const plan = ep.redownload;
        if (!plan) return "";
        return `Back for ${this.nameOf(plan.viewer)}: search ${when(plan.search_at)}, needed ${when(plan.need_at)} (${plan.tier})`;
      },
      downloadText(show) {
        const time = show.download;
        if (!time) return "";
        const hours = time.hours < 10 ? time.hours.toFixed(1) : Math.round(time.hours);
        const source = time.source === "measured"
          ? `measured from ${time.samples} download${time.samples === 1 ? "" : "s"}`
          : time.reason;
        return `Download time ${hours} h (${source})`;
      },
      nameOf(key) {
        const found = this.selected && this.selected.viewers.find((v) => v.key === key);
        return found ? found.name : key;
      },
    }));
  });
})();
