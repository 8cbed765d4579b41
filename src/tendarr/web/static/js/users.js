/* Users page (templates/users.html): every person with their server accounts, accounts
 * linked to nobody, linking by hand, and "Sync users & history" with live job progress.
 * Needs js/household.js first; loaded without `defer` like it. */
(function () {
  "use strict";

  const POLL_MS = 2000;
  const METHOD_HINTS = {
    Direct: "Read with the account's own access",
    Friend: "Read through the owner's plex.tv friendship",
    Private: "The account keeps its watchlist private",
    None: "This watchlist cannot be read",
  };

  function api(method, url, body) {
    return window.Tendarr.api(method, url, body);
  }

  document.addEventListener("alpine:init", () => {
    window.Alpine.data("usersPage", () => ({
      members: [],
      unlinked: [],
      servers: {},
      loaded: false,
      loading: false,
      error: "",
      busy: {},
      jobs: [],
      full: false,
      starting: false,
      stopStream: null,
      pollTimer: null,
      async init() {
        this.reload();
        this.servers = await window.Household.serverNames(true);
      },
      destroy() {
        this.unfollow();
      },
      async reload() {
        this.loading = true;
        try {
          const data = await api("GET", "/api/household");
          this.members = data.members;
          this.unlinked = data.unlinked;
          this.error = "";
        } catch (err) {
          this.error = "The household is unavailable: " + err.message;
        }
        this.loaded = true;
        this.loading = false;
      },
      get hasAccounts() {
        return this.unlinked.length > 0 || this.members.some((m) => m.accounts.length > 0);
      },
      get people() {
        return this.members.map((m) => ({ id: m.user_id, name: m.username }));
      },
      othersThan(member) {
        return this.people.filter((p) => p.id !== member.user_id);
      },
      serverName(id) {
        return this.servers[id] ? this.servers[id].name : id;
      },
      serverKind(id) {
        return this.servers[id] ? this.servers[id].kind : "";
      },
      accountName(account) {
        const shown = account.display_name;
        return shown && shown.toLowerCase() !== account.username.toLowerCase()
          ? `${account.username} (${shown})` : account.username;
      },
      methodClass(account) {
        return "wl--" + (account.watchlist_method || "unknown").toLowerCase();
      },
      methodTitle(account) {
        if (!account.watchlist_method) return "Not checked yet";
        return account.watchlist_problem || METHOD_HINTS[account.watchlist_method] || "";
      },
      linkedByText(account) {
        if (account.removed_at) return "removed from the server " + window.Tendarr.relativeTime(account.removed_at);
        const how = { manual: "linked by hand", unlinked: "detached by hand", username: "matched by user name",
          email: "matched by email", owner: "the server's owner", created: "new person" }[account.linked_by];
        return how || account.linked_by || "";
      },
      lastWatched(member) {
        return member.last_watched_at ? window.Tendarr.relativeTime(member.last_watched_at) : "never";
      },

      /* -- linking by hand -- */
      async link(account, userId) {
        if (this.busy[account.id]) return;
        this.busy[account.id] = true;
        const target = this.people.find((p) => p.id === userId);
        try {
          await api("PUT", `/api/household/accounts/${account.id}/link`, { user_id: userId });
          const where = `${account.username} on ${this.serverName(account.server_id)}`;
          window.Tendarr.toast(where, "success", { title: target ? `Linked to ${target.name}` : "Account detached" });
          await this.reload();
        } catch (err) {
          window.Tendarr.toastError(err, "Account not changed");
        }
        this.busy[account.id] = false;
      },
      chosen(account, event) {
        const value = event.target.value;
        event.target.value = "";
        if (value) this.link(account, Number(value));
      },

      /* -- sync with live progress -- */
      async sync() {
        this.starting = true;
        try {
          const jobs = await api("POST", "/api/household/sync", { full: this.full });
          this.jobs = jobs;
          const what = jobs.length === 1 ? "1 server" : `${jobs.length} servers`;
          window.Tendarr.toast(what, "success", { title: "Household sync started" });
          if (jobs.length) this.follow();
        } catch (err) {
          window.Tendarr.toastError(err, "Could not start the sync");
        }
        this.starting = false;
      },
      get running() {
        return this.jobs.some((j) => !window.Household.TERMINAL.has(j.state));
      },
      follow() {
        if (this.stopStream || this.pollTimer) {
          this.refreshJobs();
          return;
        }
        this.stopStream = window.Household.followJobs(
          (job) => this.onJob(job),
          () => this.refreshJobs(),
          () => this.poll(),
        );
      },
      unfollow() {
        if (this.stopStream) this.stopStream();
        this.stopStream = null;
        clearTimeout(this.pollTimer);
        this.pollTimer = null;
      },
      /* Without the event stream: read the jobs every POLL_MS until they end. */
      poll() {
        if (this.stopStream) this.stopStream();
        this.stopStream = null;
        const tick = async () => {
          await this.refreshJobs();
          this.pollTimer = this.running ? setTimeout(tick, POLL_MS) : null;
        };
        this.pollTimer = setTimeout(tick, POLL_MS);
      },
      async refreshJobs() {
        const fresh = await Promise.all(this.jobs.map((job) =>
          api("GET", `/api/jobs/${job.id}`).catch(() => null)));
        fresh.forEach((job) => job && this.onJob(job));
      },
      onJob(job) {
        const index = this.jobs.findIndex((j) => j.id === job.id);
        if (index < 0) return;
        const wasRunning = this.running;
        this.jobs.splice(index, 1, Object.assign({}, this.jobs[index], job));
        if (wasRunning && !this.running) this.finished();
      },
      finished() {
        this.unfollow();
        const failed = this.jobs.filter((j) => j.state !== "succeeded");
        if (failed.length) {
          window.Tendarr.toast(failed.map((j) => j.title || j.type).join(", "), "error", { title: "Sync did not finish" });
        } else {
          window.Tendarr.toast("Accounts, history and watchlists are up to date.", "success", { title: "Household synced" });
        }
        this.reload();
      },
      jobProblems(job) {
        return (job.result && job.result.problems) || [];
      },
    }));
  });
})();
