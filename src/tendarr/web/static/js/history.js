/* Watch history page (templates/history.html): every viewing event from every server and
 * Tautulli, newest first, filtered and paginated; members see only their own (the API
 * decides). Needs js/household.js first; loaded without `defer` like it. */
(function () {
  "use strict";

  const FILTERS = ["user_id", "server_id", "source", "completed", "item_id"];

  function api(method, url, body) {
    return window.Tendarr.api(method, url, body);
  }

  document.addEventListener("alpine:init", () => {
    window.Alpine.data("historyPage", () => ({
      admin: false,
      rows: [],
      total: 0,
      limit: 50,
      offset: 0,
      filters: { user_id: "", server_id: "", source: "", completed: "", item_id: "" },
      people: [],
      servers: {},
      sources: ["plex", "jellyfin", "emby", "tautulli"],
      loaded: false,
      loading: false,
      error: "",
      request: 0,
      async init() {
        this.admin = this.$el.dataset.admin === "true";
        const params = new URLSearchParams(window.location.search);
        for (const key of FILTERS) {
          if (params.has(key)) this.filters[key] = params.get(key);
        }
        const offset = Number(params.get("offset"));
        if (Number.isInteger(offset) && offset > 0) this.offset = offset;
        this.load();
        if (this.admin) this.loadPeople();
        this.servers = await window.Household.serverNames(this.admin);
      },
      async loadPeople() {
        try {
          const data = await api("GET", "/api/household");
          this.people = data.members.map((m) => ({ id: m.user_id, name: m.username }));
        } catch (err) {
          window.Tendarr.toastError(err, "Could not list the people");
        }
      },
      get serverList() {
        return Object.values(this.servers);
      },
      get filtered() {
        return FILTERS.some((key) => this.filters[key] !== "");
      },
      query() {
        const params = new URLSearchParams();
        for (const key of FILTERS) {
          if (this.filters[key] !== "") params.set(key, this.filters[key]);
        }
        params.set("limit", String(this.limit));
        params.set("offset", String(this.offset));
        return params;
      },
      remember() {
        const url = new URL(window.location.href);
        url.search = "";
        for (const [key, value] of this.query()) {
          if (key === "limit" || (key === "offset" && value === "0")) continue;
          url.searchParams.set(key, value);
        }
        window.history.replaceState(null, "", url);
      },
      reload() {
        this.offset = 0;
        this.load();
      },
      clear() {
        for (const key of FILTERS) this.filters[key] = "";
        this.reload();
      },
      async load() {
        this.remember();
        const ticket = ++this.request;
        this.loading = true;
        try {
          const data = await api("GET", "/api/household/history?" + this.query());
          if (ticket !== this.request) return; // a newer filter answered first
          this.rows = data.items;
          this.total = data.total;
          this.error = "";
        } catch (err) {
          if (ticket !== this.request) return;
          this.error = "Watch history unavailable: " + err.message;
        }
        this.loaded = true;
        this.loading = false;
      },
      page(step) {
        const next = this.offset + step * this.limit;
        if (next < 0 || next >= this.total) return;
        this.offset = next;
        this.load();
        window.scrollTo(0, 0);
      },
      get rangeText() {
        if (!this.total) return "";
        return `${this.offset + 1}–${this.offset + this.rows.length} of ${this.total}`;
      },
      serverName(id) {
        return this.servers[id] ? this.servers[id].name : id;
      },
      serverKind(id) {
        return this.servers[id] ? this.servers[id].kind : "";
      },
      sourceLabel: (source) => window.Household.sourceLabel(source),
      percent: (row) => window.Household.watchPercent(row.position_ms, row.duration_ms),
      positionText: (row) => window.Household.positionText(row.position_ms, row.duration_ms),
    }));
  });
})();
