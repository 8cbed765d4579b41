/* The household pages' shared pieces: server names, sources, watch progress, the live job
 * stream and the "Now playing" panel (templates/_household_now_playing.html).
 * Loaded without `defer` at the end of a page, before tendarr.js and Alpine: it registers
 * on `alpine:init` and reaches `window.Tendarr` only when called. The page scripts that
 * follow (users.js, history.js, library-watch.js) use `window.Household`. */
(function () {
  "use strict";

  const SOURCES = { plex: "Plex", jellyfin: "Jellyfin", emby: "Emby", tautulli: "Tautulli", tendarr: "Tendarr" };
  const TERMINAL = new Set(["succeeded", "failed", "cancelled"]);
  const SESSIONS_EVERY_MS = 30000;

  function api(method, url, body, options) {
    return window.Tendarr.api(method, url, body, options);
  }

  /* Servers by id ({id, name, kind, enabled}). Admins read /api/servers (disabled ones
   * too); members get the enabled servers the login page lists. */
  async function serverNames(admin) {
    if (admin) {
      try {
        const data = await api("GET", "/api/servers");
        return Object.fromEntries(data.servers.map((s) => [s.id, s]));
      } catch (_err) {
        // Fall through: names matter less than the page itself.
      }
    }
    try {
      const data = await api("GET", "/api/auth/media-servers", undefined, { allowUnauthorized: true });
      return Object.fromEntries(data.servers.map((s) => [s.id, Object.assign({ enabled: true }, s)]));
    } catch (_err) {
      return {};
    }
  }

  function sourceLabel(source) {
    return SOURCES[source] || source;
  }

  /* How far into the title the viewer got, 0–100, or null when the server did not say. */
  function watchPercent(position, duration) {
    if (!duration || position === null || position === undefined) return null;
    return Math.round(Math.max(0, Math.min(1, position / duration)) * 100);
  }

  function positionText(position, duration) {
    const fmt = window.Tendarr.formatDuration;
    if (position === null || position === undefined) return duration ? "of " + fmt(duration) : "";
    return duration ? `${fmt(position)} of ${fmt(duration)}` : fmt(position);
  }

  /* Follow /api/events (`event: job`) until the returned function is called. `onOpen`
   * runs on every (re)connect: events sent while disconnected are lost, so re-read then.
   * `onClosed` runs when the server refuses the stream (the caller falls back to polling). */
  function followJobs(onJob, onOpen, onClosed) {
    const setLive = (state) => {
      const store = window.Alpine && window.Alpine.store("live");
      if (store) store.set(state);
    };
    if (!window.EventSource) {
      onClosed();
      return () => {};
    }
    setLive("connecting");
    const source = new EventSource("/api/events");
    source.addEventListener("open", () => {
      setLive("open");
      onOpen();
    });
    source.addEventListener("job", (event) => {
      let job;
      try {
        job = JSON.parse(event.data);
      } catch (_err) {
        return;
      }
      onJob(job);
    });
    source.addEventListener("error", () => {
      if (source.readyState === EventSource.CLOSED) {
        setLive("closed");
        onClosed();
      } else {
        setLive("connecting");
      }
    });
    return () => {
      source.close();
      setLive("idle");
    };
  }

  window.Household = { serverNames, sourceLabel, watchPercent, positionText, followJobs, TERMINAL };

  document.addEventListener("alpine:init", () => {
    /* What is playing on every enabled server; a server that cannot answer is listed with
     * its reason and never counted as "nothing playing". */
    window.Alpine.data("nowPlaying", () => ({
      sessions: [],
      unavailable: {},
      servers: {},
      loaded: false,
      loading: false,
      error: "",
      timer: null,
      async init() {
        this.servers = await serverNames(true);
        await this.load();
        this.timer = setInterval(() => this.load(), SESSIONS_EVERY_MS);
      },
      destroy() {
        clearInterval(this.timer);
      },
      async load() {
        this.loading = true;
        try {
          const data = await api("GET", "/api/household/sessions");
          this.sessions = data.sessions;
          this.unavailable = data.unavailable;
          this.error = "";
        } catch (err) {
          this.error = "Could not ask the servers what is playing: " + err.message;
        }
        this.loaded = true;
        this.loading = false;
      },
      get silent() {
        return Object.entries(this.unavailable).map(([id, reason]) => ({ id, reason }));
      },
      get asked() {
        return Object.values(this.servers).filter((s) => s.enabled !== false).length;
      },
      /* The line under the list: never "nothing playing" about a server that did not answer. */
      get summary() {
        if (!this.loaded || this.error || this.sessions.length) return "";
        if (this.silent.length === 0) return this.asked === 0 ? "No enabled server to ask." : "Nothing playing.";
        const answered = this.asked - this.silent.length;
        return answered > 0 ? "Nothing playing on the servers that answered." : "";
      },
      serverName(id) {
        return this.servers[id] ? this.servers[id].name : id;
      },
      serverKind(id) {
        return this.servers[id] ? this.servers[id].kind : "";
      },
      percent: (s) => watchPercent(s.position_ms, s.duration_ms) ?? 0,
      positionText: (s) => positionText(s.position_ms, s.duration_ms),
    }));
  });
})();
