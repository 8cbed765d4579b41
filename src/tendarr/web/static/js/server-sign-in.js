/* Servers page: the "Add server" wizard. Choose Plex, Jellyfin or Emby, then sign in
 * (plex.tv PIN, user name and password, Jellyfin Quick Connect) or fall back to the
 * URL + token/API key dialog. Loaded without `defer` at the end of the page, so it runs
 * before tendarr.js and Alpine and can register on `alpine:init`; it reaches
 * `window.Tendarr` only when called. It talks to its page by DOM events:
 *   server-wizard (window, in)    open the wizard
 *   server-added  (bubbles, out)  a server was saved: put it in the list (detail: server)
 *   server-manual (bubbles, out)  open the URL + key dialog (detail: {kind})
 *   server-edit / server-sync (bubbles, out)  open the editor / start a sync (detail: server)
 */
(function () {
  "use strict";

  const POLL_MS = 2000;
  // plex.tv answers 404 (then we say "expired") well before this; a safety net only.
  const PLEX_GIVE_UP_MS = 30 * 60 * 1000;
  const KIND_LABELS = { plex: "Plex", jellyfin: "Jellyfin", emby: "Emby" };

  function api(method, url, body) {
    return window.Tendarr.api(method, url, body);
  }

  function gone(err) {
    return err.status === 410 || err.code === "SIGN_IN_EXPIRED";
  }

  function transient(err) {
    return err.status === 0 || err.status >= 500;
  }

  /* How Tendarr would reach the server at this address: on the LAN, over the internet,
   * or through Plex's bandwidth-limited relay. */
  function connectionBadges(connection) {
    if (connection.relay) return [{ id: "relay", label: "relay" }];
    const badges = [connection.local ? { id: "local", label: "local" } : { id: "remote", label: "remote" }];
    if (connection.uri.startsWith("https:")) badges.push({ id: "secure", label: "https" });
    return badges;
  }

  function emptyForm() {
    return { url: "", username: "", password: "", name: "" };
  }

  function emptyPlex() {
    return { state: "start", pin: null, startedAt: 0, account: null, servers: [],
      machineId: "", uri: "", name: "", nameTouched: false, ended: "" };
  }

  function emptyQuick() {
    return { state: "start", code: "", pollId: "", ended: "" };
  }

  document.addEventListener("alpine:init", () => {
    window.Alpine.data("serverSignIn", () => ({
      open: false,
      step: "choose", // choose | plex | jellyfin | emby | done
      method: "signin", // plex: signin | manual; jellyfin/emby: password | quick | manual
      error: "",
      busy: false,
      form: emptyForm(),
      plex: emptyPlex(),
      quick: emptyQuick(),
      added: null,
      timer: null,
      generation: 0, // bumped to abandon a poll loop whose answers may still arrive
      kindLabels: KIND_LABELS,
      connectionBadges,

      begin() {
        this.stopPolling();
        Object.assign(this, { open: true, step: "choose", method: "signin", error: "", busy: false,
          form: emptyForm(), plex: emptyPlex(), quick: emptyQuick(), added: null });
        this.$nextTick(() => this.$refs.firstChoice && this.$refs.firstChoice.focus());
      },
      close() {
        this.stopPolling();
        this.open = false;
      },
      choose(kind) {
        this.step = kind;
        this.method = kind === "plex" ? "signin" : "password";
        this.error = "";
      },
      back() {
        this.stopPolling();
        Object.assign(this, { step: "choose", error: "", plex: emptyPlex(), quick: emptyQuick() });
      },
      setMethod(method) {
        this.stopPolling();
        Object.assign(this, { method, error: "", quick: emptyQuick() });
      },
      get title() {
        if (this.step === "done") return "Server added";
        return this.step === "choose" ? "Add server" : `Add a ${KIND_LABELS[this.step]} server`;
      },
      manual(kind) {
        this.close();
        this.$dispatch("server-manual", { kind });
      },
      stopPolling() {
        clearTimeout(this.timer);
        this.timer = null;
        this.generation += 1;
      },
      /* Call `tick` every POLL_MS until it returns false or the loop is abandoned. */
      poll(tick) {
        const generation = this.generation;
        const next = () => {
          this.timer = setTimeout(async () => {
            if (generation !== this.generation) return;
            if (await tick(() => generation !== this.generation)) next();
          }, POLL_MS);
        };
        next();
      },

      /* -- Plex: a plex.tv PIN -- */
      async startPlex() {
        this.stopPolling();
        Object.assign(this, { error: "", busy: true, plex: emptyPlex() });
        try {
          const pin = await api("POST", "/api/servers/plex/pin", {});
          Object.assign(this.plex, { state: "waiting", pin, startedAt: Date.now() });
          this.poll((abandoned) => this.checkPin(abandoned));
        } catch (err) {
          this.error = err.message;
        }
        this.busy = false;
      },
      async checkPin(abandoned) {
        if (Date.now() - this.plex.startedAt > PLEX_GIVE_UP_MS) {
          return this.endPlex("The PIN was not approved in time.");
        }
        try {
          const status = await api("GET", `/api/servers/plex/pin/${this.plex.pin.id}`);
          if (abandoned()) return false;
          this.error = "";
          if (!status.authenticated) return true;
          this.showPlexServers(status);
          return false;
        } catch (err) {
          if (abandoned()) return false;
          if (gone(err)) return this.endPlex("The PIN expired before it was approved.");
          if (transient(err)) {
            this.error = err.message + " (still trying)";
            return true;
          }
          return this.endPlex(err.message);
        }
      },
      endPlex(message) {
        Object.assign(this.plex, { state: "ended", ended: message });
        this.error = "";
        return false;
      },
      cancelPlex() {
        this.stopPolling();
        Object.assign(this, { error: "", plex: emptyPlex() });
      },
      showPlexServers(status) {
        Object.assign(this.plex, { state: "servers", account: status.account, servers: status.servers });
        const first = status.servers.find((s) => s.connections.length);
        if (first) this.pickConnection(first, first.connections[0]);
      },
      pickConnection(server, connection) {
        if (!this.plex.nameTouched || this.plex.machineId !== server.machine_id) {
          this.plex.name = server.name;
          this.plex.nameTouched = false;
        }
        this.plex.machineId = server.machine_id;
        this.plex.uri = connection.uri;
      },
      picked(server, connection) {
        return this.plex.machineId === server.machine_id && this.plex.uri === connection.uri;
      },
      get accountName() {
        const account = this.plex.account;
        return account ? account.title || account.username : "";
      },
      async addPlex() {
        const chosen = this.plex.servers.find((s) => s.machine_id === this.plex.machineId);
        if (!chosen) {
          this.error = "Pick a server and a connection first.";
          return;
        }
        const body = { machine_id: chosen.machine_id, uri: this.plex.uri };
        const name = this.plex.name.trim();
        if (name && name !== chosen.name) body.name = name;
        await this.save(`/api/servers/plex/pin/${this.plex.pin.id}/add`, body);
      },

      /* -- Jellyfin and Emby: a user name and password -- */
      missing(fields) {
        const labels = { url: "the server URL", username: "a user name" };
        const empty = fields.filter((f) => !this.form[f].trim());
        this.error = empty.length ? "Enter " + empty.map((f) => labels[f]).join(" and ") + "." : "";
        return empty.length > 0;
      },
      entryName() {
        const name = this.form.name.trim();
        return name ? { name } : {};
      },
      async signIn() {
        if (this.missing(["url", "username"])) return;
        const body = Object.assign({ url: this.form.url.trim(), username: this.form.username.trim(),
          password: this.form.password }, this.entryName());
        if (await this.save(`/api/servers/${this.step}/sign-in`, body)) this.form.password = "";
      },

      /* -- Jellyfin Quick Connect -- */
      async startQuick() {
        if (this.missing(["url"])) return;
        this.stopPolling();
        Object.assign(this, { busy: true, quick: emptyQuick() });
        try {
          const started = await api("POST", "/api/servers/jellyfin/quick-connect", { url: this.form.url.trim() });
          Object.assign(this.quick, { state: "waiting", code: started.code, pollId: started.poll_id });
          this.poll((abandoned) => this.checkQuick(abandoned));
        } catch (err) {
          this.error = err.message;
        }
        this.busy = false;
      },
      quickPath() {
        return `/api/servers/jellyfin/quick-connect/${encodeURIComponent(this.quick.pollId)}`;
      },
      async checkQuick(abandoned) {
        try {
          const status = await api("GET", this.quickPath());
          if (abandoned()) return false;
          this.error = "";
          if (!status.authenticated) return true;
          this.quick.state = "adding";
          if (!(await this.save(this.quickPath() + "/add", this.entryName()))) this.quick.state = "approved";
          return false;
        } catch (err) {
          if (abandoned()) return false;
          if (transient(err)) {
            this.error = err.message + " (still trying)";
            return true;
          }
          const message = gone(err) ? "The code expired before it was approved." : err.message;
          Object.assign(this.quick, { state: "ended", ended: message });
          this.error = "";
          return false;
        }
      },
      async addQuick() {
        this.quick.state = "adding";
        if (!(await this.save(this.quickPath() + "/add", this.entryName()))) this.quick.state = "approved";
      },
      cancelQuick() {
        this.stopPolling();
        Object.assign(this, { error: "", quick: emptyQuick() });
      },

      /* -- saving, then the summary -- */
      async save(url, body) {
        this.error = "";
        this.busy = true;
        let saved = null;
        try {
          saved = await api("POST", url, body);
        } catch (err) {
          this.error = err.message;
        }
        this.busy = false;
        if (saved) await this.finish(saved);
        return Boolean(saved);
      },
      async finish(saved) {
        this.stopPolling();
        Object.assign(this, { step: "done", error: "", added: { server: saved, listing: true, problem: "" } });
        this.$dispatch("server-added", saved);
        window.Tendarr.toast(saved.name, "success", { title: "Server added" });
        // A signed-in entry has no libraries yet: list them now, so the toggles show.
        try {
          const listed = await api("POST", `/api/servers/${encodeURIComponent(saved.id)}/refresh-libraries`, {});
          this.added.server = listed;
          this.$dispatch("server-added", listed);
        } catch (err) {
          this.added.problem = "Its libraries could not be listed yet: " + err.message;
        }
        this.added.listing = false;
      },
      editAdded() {
        const server = this.added.server;
        this.close();
        this.$dispatch("server-edit", server);
      },
      syncAdded() {
        const server = this.added.server;
        this.close();
        this.$dispatch("server-sync", server);
      },
    }));
  });
})();
