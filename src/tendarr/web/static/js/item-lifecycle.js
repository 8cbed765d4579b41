/* Item page, cleanup lifecycle panel (templates/_item_lifecycle.html, admins): every enabled
 * rule's tri-state result with its conditions (GET /api/items/{id}/lifecycle), the item's
 * Leaving Soon entries with keep / extend / approve, its deletions
 * (GET /api/deletions?media_item_id=) and a link to VIPER for TV. Registers
 * `itemLifecycle`; it sits inside the item page and reads its `item` and `details`. Needs
 * js/deletions.js (labels); loaded without `defer`, before Alpine. */
(function () {
  "use strict";

  const VERDICTS = {
    matches: ["Matches", "badge--match"],
    no_match: ["Does not match", ""],
    kept: ["Kept: something is unknown", "badge--unknown"],
  };
  const MODES = { dry_run: "Dry run", review: "Review", automatic: "Automatic" };
  const LEAVING = {
    leaving: "Leaving",
    extended: "Extended",
    due: "Due",
    pending_review: "Waiting for review",
    kept_by_admin: "Kept",
    left: "Left",
  };
  const EXTENDABLE = ["leaving", "extended", "due"];
  const HISTORY_LIMIT = 20;

  function api(method, url, body) {
    return window.Tendarr.api(method, url, body);
  }

  document.addEventListener("alpine:init", () => {
    window.Alpine.data("itemLifecycle", () => ({
      lifecycle: null,
      entries: [],
      deletions: [],
      deletionTotal: 0,
      loaded: { rules: false, leaving: false, deletions: false },
      errors: { rules: "", leaving: "", deletions: "" },
      busy: false,
      stop: null,

      init() {
        this.load();
        const D = window.Deletions;
        this.stop = D.followJobs((job) => {
          if (D.RUN_JOBS.includes(job.type) && D.FINISHED.includes(job.state)) this.load();
        }, () => {});
      },
      destroy() {
        if (this.stop) this.stop();
      },
      load() {
        return Promise.all([this.loadRules(), this.loadLeaving(), this.loadDeletions()]);
      },
      async loadRules() {
        try {
          this.lifecycle = await api("GET", `/api/items/${this.item.id}/lifecycle`);
          this.errors.rules = "";
        } catch (err) {
          this.lifecycle = null;
          this.errors.rules = "The rules' results are unknown right now: " + err.message;
        }
        this.loaded.rules = true;
      },
      async loadLeaving() {
        try {
          const all = await api("GET", "/api/leaving-soon");
          this.entries = all.filter((e) => e.item_id === this.item.id);
          this.errors.leaving = "";
        } catch (err) {
          this.entries = [];
          this.errors.leaving = "Leaving Soon is unavailable: " + err.message;
        }
        this.loaded.leaving = true;
      },
      async loadDeletions() {
        const query = new URLSearchParams({ media_item_id: String(this.item.id), limit: String(HISTORY_LIMIT) });
        try {
          const page = await api("GET", "/api/deletions?" + query);
          this.deletions = page.deletions;
          this.deletionTotal = page.total;
          this.errors.deletions = "";
        } catch (err) {
          this.deletions = [];
          this.errors.deletions = "The deletion history is unavailable: " + err.message;
        }
        this.loaded.deletions = true;
      },
      async act(url, body) {
        this.busy = true;
        try {
          await api("POST", url, body);
          await this.loadLeaving();
        } catch (err) {
          this.errors.leaving = err.message;
        }
        this.busy = false;
      },
      keep(entry) {
        return this.act(`/api/leaving-soon/${entry.id}/keep`, {});
      },
      extend(entry, days) {
        return this.act(`/api/leaving-soon/${entry.id}/extend`, { days });
      },
      approve(entry) {
        return this.act("/api/leaving-soon/review/approve", { ids: [entry.id] });
      },
      canKeep(entry) {
        return entry.state !== "kept_by_admin" && entry.state !== "left";
      },
      canExtend(entry) {
        return EXTENDABLE.includes(entry.state);
      },
      /* VIPER's decision for an episode (a season or show lists too many: the link opens
       * the whole show). */
      get viperEpisodes() {
        const viper = this.lifecycle && this.lifecycle.viper;
        if (!viper || !this.item || this.item.kind !== "episode") return [];
        return viper.episodes;
      },
      keeperNames(episode) {
        const viewers = (this.lifecycle && this.lifecycle.viper && this.lifecycle.viper.show.viewers) || [];
        const names = Object.fromEntries(viewers.map((v) => [v.key, v.name]));
        return episode.keepers.map((key) => names[key] || key);
      },
      get viperShowId() {
        if (!this.item) return null;
        if (this.item.kind === "show") return this.item.id;
        if (this.item.kind === "season" || this.item.kind === "episode") return this.details.show_id || null;
        return null;
      },
      /* The rule's reasons that its condition lines do not already say (e.g. which source
       * was unknown). */
      extraReasons(rule) {
        const said = new Set(rule.conditions.map((c) => c.text));
        return rule.reasons.filter((reason) => !said.has(reason));
      },
      deciding(rule, condition) {
        return rule.reasons.includes(condition.text);
      },
      ruleName(id) {
        const found = this.lifecycle && this.lifecycle.rules.find((r) => r.rule_id === id);
        return found ? found.rule_name : `rule #${id}`;
      },
      verdictLabel(verdict) {
        return (VERDICTS[verdict] || [verdict])[0];
      },
      verdictBadge(verdict) {
        return (VERDICTS[verdict] || ["", ""])[1];
      },
      modeLabel(mode) {
        return MODES[mode] || mode;
      },
      leavingLabel(state) {
        return LEAVING[state] || state;
      },
      leavingBadge(state) {
        if (state === "due") return "badge--failed";
        if (state === "kept_by_admin") return "badge--succeeded";
        if (state === "left") return "badge--cancelled";
        return "badge--running";
      },
      daysLeft(entry) {
        return entry.days_left === 1 ? "1 day left" : `${entry.days_left} days left`;
      },
      sourceLabel(source) {
        return window.Deletions.sourceLabel(source);
      },
      stateLabel(state) {
        return window.Deletions.stateLabel(state);
      },
      stateBadge(state) {
        return window.Deletions.stateBadge(state);
      },
      methodLabel(method) {
        return window.Deletions.methodLabel(method);
      },
    }));
  });
})();
