/* Login page: household members sign in with their Plex account (a plex.tv PIN) or with
 * their Jellyfin/Emby user name and password (templates/_household_sign_in.html). Only the
 * servers /api/auth/media-servers lists are offered. Loaded without `defer` at the end of
 * the page, before tendarr.js and Alpine; reaches `window.Tendarr` only when called. */
(function () {
  "use strict";

  const POLL_MS = 2000;
  const PLEX_GIVE_UP_MS = 30 * 60 * 1000; // plex.tv forgets a PIN (we say "expired") well before
  const KIND_LABELS = { plex: "Plex", jellyfin: "Jellyfin", emby: "Emby" };

  function api(method, url, body) {
    return window.Tendarr.api(method, url, body, { allowUnauthorized: true });
  }

  /* A same-origin path from ?next=, or "/" (never an open redirect). */
  function nextPath() {
    const next = new URLSearchParams(window.location.search).get("next");
    if (next && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\")) return next;
    return "/";
  }

  function refusal(err) {
    if (err.status === 429) return "Too many attempts. Wait a minute, then try again.";
    return err.message;
  }

  document.addEventListener("alpine:init", () => {
    window.Alpine.data("memberSignIn", () => ({
      servers: [],
      loaded: false,
      plex: { state: "start", pin: null, startedAt: 0, ended: "" },
      plexError: "",
      chosen: "", // the Jellyfin/Emby server whose form is open
      form: { username: "", password: "" },
      formError: "",
      busy: false,
      timer: null,
      generation: 0,
      async init() {
        try {
          this.servers = (await api("GET", "/api/auth/media-servers")).servers;
        } catch (_err) {
          this.servers = []; // the password form above still works
        }
        this.loaded = true;
      },
      destroy() {
        this.stopPolling();
      },
      get hasPlex() {
        return this.servers.some((s) => s.kind === "plex");
      },
      get passwordServers() {
        return this.servers.filter((s) => s.kind === "jellyfin" || s.kind === "emby");
      },
      kindLabel: (kind) => KIND_LABELS[kind] || kind,
      signedIn() {
        this.stopPolling();
        window.location.assign(nextPath());
      },

      /* -- Plex -- */
      stopPolling() {
        clearTimeout(this.timer);
        this.timer = null;
        this.generation += 1;
      },
      async startPlex() {
        this.stopPolling();
        Object.assign(this, { busy: true, plexError: "", chosen: "" });
        try {
          const pin = await api("POST", "/api/auth/plex/pin", {});
          this.plex = { state: "waiting", pin, startedAt: Date.now(), ended: "" };
          this.schedule(this.generation);
        } catch (err) {
          this.plexError = refusal(err);
        }
        this.busy = false;
      },
      schedule(generation) {
        this.timer = setTimeout(async () => {
          if (generation !== this.generation) return;
          if (await this.checkPin(generation)) this.schedule(generation);
        }, POLL_MS);
      },
      /* Return whether to keep waiting. */
      async checkPin(generation) {
        if (Date.now() - this.plex.startedAt > PLEX_GIVE_UP_MS) return this.endPlex("The code was not approved in time.");
        try {
          const answer = await api("POST", `/api/auth/plex/pin/${this.plex.pin.id}`, {});
          if (generation !== this.generation) return false;
          this.plexError = "";
          if (answer && answer.user) {
            this.signedIn();
            return false;
          }
          return true;
        } catch (err) {
          if (generation !== this.generation) return false;
          if (err.status === 410 || err.code === "SIGN_IN_EXPIRED") return this.endPlex("The code expired before it was approved.");
          if (err.status === 0 || err.status >= 500) {
            this.plexError = err.message + " (still trying)";
            return true;
          }
          return this.endPlex(refusal(err));
        }
      },
      endPlex(message) {
        this.stopPolling();
        this.plex = Object.assign({}, this.plex, { state: "ended", ended: message });
        return false;
      },
      cancelPlex() {
        this.stopPolling();
        this.plex = { state: "start", pin: null, startedAt: 0, ended: "" };
        this.plexError = "";
      },

      /* -- Jellyfin / Emby -- */
      choose(server) {
        this.cancelPlex();
        this.chosen = this.chosen === server.id ? "" : server.id;
        this.form = { username: "", password: "" };
        this.formError = "";
        if (this.chosen) this.$nextTick(() => this.$refs.memberUser.focus());
      },
      get chosenServer() {
        return this.servers.find((s) => s.id === this.chosen) || null;
      },
      async submitServer(server) {
        this.formError = "";
        if (!this.form.username) {
          this.formError = `Enter your ${server.name} user name.`;
          return;
        }
        this.busy = true;
        try {
          await api("POST", "/api/auth/media-server/login",
            { server_id: server.id, username: this.form.username, password: this.form.password });
          this.signedIn();
          return;
        } catch (err) {
          this.formError = refusal(err);
          this.form.password = "";
        }
        this.busy = false;
      },
    }));
  });
})();
