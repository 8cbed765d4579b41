/* Watch data in the library browser.
 * - `libraryWatched(libraryPage())`: the library page (tendarr.js) plus the "Watched"
 *   filter and the "Most played" sort; the base component reads, remembers and sends
 *   every key of `filters`, so adding one is enough.
 * - `itemWatch`: the item page's "Watched by", "Recent plays" and the watchlist button;
 *   it sits inside the item page and reads its `item`, `serverName` and `serverKind`.
 * Loaded without `defer` at the end of the page, before tendarr.js and Alpine; `itemWatch`
 * needs js/household.js before it. */
(function () {
  "use strict";

  const RECENT_PLAYS = 8;

  function api(method, url, body) {
    return window.Tendarr.api(method, url, body);
  }

  function withWatchFilters(page) {
    page.filters.watched = "";
    page.sorts.push({ id: "plays", label: "Most played" });
    const clearOthers = page.clearFilters;
    page.clearFilters = function () {
      this.filters.watched = "";
      clearOthers.call(this);
    };
    const countOthers = Object.getOwnPropertyDescriptor(page, "activeFilters").get;
    Object.defineProperty(page, "activeFilters", {
      get() {
        return countOthers.call(this) + (this.filters.watched !== "" ? 1 : 0);
      },
      configurable: true,
      enumerable: true,
    });
    return page;
  }

  document.addEventListener("alpine:init", () => {
    window.Alpine.data("libraryWatched", withWatchFilters);

    window.Alpine.data("itemWatch", () => ({
      watchers: [],
      plays: [],
      playsTotal: 0,
      entries: [],
      loaded: false,
      error: "",
      playsError: "",
      watchlistError: "",
      saving: false,
      names: {},
      async init() {
        this.load();
        this.names = await window.Household.serverNames(false); // members cannot list servers
      },
      /* The page's own names come from /api/servers (admins only): fall back to ours. */
      serverName(id) {
        const server = this.names[id] || this.servers[id];
        return server ? server.name : id;
      },
      serverKind(id) {
        const server = this.names[id] || this.servers[id];
        return server ? server.kind : "";
      },
      get itemId() {
        return this.item.id;
      },
      async load() {
        await Promise.all([this.loadWatchers(), this.loadPlays(), this.loadWatchlist()]);
        this.loaded = true;
      },
      async loadWatchers() {
        try {
          this.watchers = (await api("GET", `/api/library/items/${this.itemId}/watch`)).watchers;
          this.error = "";
        } catch (err) {
          this.error = "Who watched this is unknown right now: " + err.message;
        }
      },
      async loadPlays() {
        try {
          const page = await api("GET", `/api/household/history?item_id=${this.itemId}&limit=${RECENT_PLAYS}`);
          this.plays = page.items;
          this.playsTotal = page.total;
          this.playsError = "";
        } catch (err) {
          this.playsError = "Recent plays unavailable: " + err.message;
        }
      },
      async loadWatchlist() {
        if (!this.watchlistable) return;
        try {
          this.entries = (await api("GET", "/api/watchlist")).entries.filter((e) => e.media_item_id === this.itemId);
          this.watchlistError = "";
        } catch (err) {
          this.watchlistError = "Your watchlist is unavailable: " + err.message;
        }
      },
      get watchlistable() {
        return ["movie", "show"].includes(this.item.kind);
      },
      /* The entry Tendarr keeps itself (the one this button adds and removes). */
      get ownEntry() {
        return this.entries.find((e) => e.source === "tendarr") || null;
      },
      /* Plex watchlists and Jellyfin/Emby favourites are changed in those apps. */
      get elsewhere() {
        const names = [...new Set(this.entries.filter((e) => e.source !== "tendarr")
          .map((e) => window.Household.sourceLabel(e.source)))];
        return names.length ? "Also on your " + names.join(" and ") + " watchlist" : "";
      },
      async toggleWatchlist() {
        this.saving = true;
        try {
          if (this.ownEntry) {
            await api("DELETE", `/api/watchlist/${this.ownEntry.id}`);
            window.Tendarr.toast(this.item.title, "success", { title: "Taken off your watchlist" });
          } else {
            await api("POST", "/api/watchlist", { media_item_id: this.itemId });
            window.Tendarr.toast(this.item.title, "success", { title: "Added to your watchlist" });
          }
        } catch (err) {
          window.Tendarr.toastError(err, "Watchlist not changed");
        }
        await this.loadWatchlist();
        this.saving = false;
      },
      watchState(w) {
        if (w.episodes_total) return `${w.episodes_completed ?? 0} / ${w.episodes_total} episodes`;
        if (w.completed) return "Finished";
        const percent = this.percent(w);
        return percent === null ? "Started" : `${percent}% watched`;
      },
      percent(w) {
        if (w.episodes_total) return Math.round(((w.episodes_completed || 0) / w.episodes_total) * 100);
        if (w.completed) return 100;
        return window.Household.watchPercent(w.position_ms, w.duration_ms);
      },
      positionText: (w) => (w.completed || w.episodes_total ? "" : window.Household.positionText(w.position_ms, w.duration_ms)),
      sourceLabel: (source) => window.Household.sourceLabel(source),
      playState(row) {
        if (row.completed) return "finished";
        const percent = window.Household.watchPercent(row.position_ms, row.duration_ms);
        return percent === null ? "in progress" : `${percent}%`;
      },
    }));
  });
})();
