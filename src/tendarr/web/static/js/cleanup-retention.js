/* Cleanup page, "Per-user retention" tab (templates/_cleanup_retention.html): the retention
 * rules of /api/cleanup/retention, a form to create and edit them whose validation errors
 * ("requesters[0].email: must be an email address") are shown next to their field, delete
 * with confirmation, and "Preview verdicts" (due / keep / unknown per title, with reasons).
 * Saving or deleting tells the Rules tab (`cleanup-rules-changed`), since each retention
 * rule is stored as generated cleanup rules. Needs js/cleanup-model.js (window.Cleanup.MODES);
 * registers `cleanupRetention`; loaded without `defer`. */
(function () {
  "use strict";

  const VERDICT_LIMIT = 200;
  const BASES = { watched: "The requester watched it", available: "It became available" };
  const APPLIES = { both: "Movies and shows", movies: "Movies", shows: "Shows" };
  const MATCH_KINDS = { user_id: "Tendarr user", username: "Username", email: "Email" };
  const FIELDS = new Set([
    "name", "requesters", "applies_to", "days", "basis", "require_watched", "respect_others",
    "mode", "grace_days", "enabled",
  ]);
  /* "requesters[1].email: problem" → field "requesters", index "1", problem. */
  const ERROR_PATH = /^([a-z_]+)(?:\[(\d+)\])?(?:\.[a-z_]+)?: ([\s\S]*)$/;

  let uid = 0;

  function api(method, url, body) {
    return window.Tendarr.api(method, url, body);
  }

  function requesterRow(match) {
    uid += 1;
    const kind = Object.keys(MATCH_KINDS).find((k) => match && match[k] !== undefined) || "username";
    const value = match && match[kind] !== undefined && match[kind] !== null ? String(match[kind]) : "";
    return { uid, kind, value };
  }

  function emptyForm() {
    return {
      id: null,
      name: "",
      requesters: [requesterRow(null)],
      movies: true,
      shows: true,
      days: 30,
      basis: "watched",
      require_watched: true,
      respect_others: true,
      mode: "dry_run",
      grace_days: 15,
      enabled: true,
    };
  }

  function fromRule(rule) {
    const form = rule.form || {};
    const applies = form.applies_to || "both";
    return {
      id: rule.id,
      name: form.name || rule.name || "",
      requesters: (form.requesters || []).map(requesterRow),
      movies: applies !== "shows",
      shows: applies !== "movies",
      days: form.days ?? 30,
      basis: form.basis || "watched",
      require_watched: form.require_watched !== false,
      respect_others: form.respect_others !== false,
      mode: form.mode || "dry_run",
      grace_days: form.grace_days ?? 15,
      enabled: rule.enabled !== false,
    };
  }

  /* A number field as typed: empty stays null so the server names the field. */
  function number(value) {
    if (value === "" || value === null || value === undefined) return null;
    const parsed = Number(value);
    return Number.isNaN(parsed) ? String(value) : parsed;
  }

  function appliesTo(form) {
    if (form.movies && form.shows) return "both";
    if (form.movies) return "movies";
    if (form.shows) return "shows";
    return null; /* neither: the server answers "applies_to: must be movies, shows or both" */
  }

  /* The form as the API takes it; the server validates every field. */
  function body(form) {
    return {
      name: form.name,
      requesters: form.requesters.map((row) => ({
        [row.kind]: row.kind === "user_id" ? number(row.value) : row.value,
      })),
      applies_to: appliesTo(form),
      days: number(form.days),
      basis: form.basis,
      require_watched: Boolean(form.require_watched),
      respect_others: Boolean(form.respect_others),
      mode: form.mode,
      grace_days: number(form.grace_days),
      enabled: Boolean(form.enabled),
    };
  }

  /* Map a validation message to its field ({"days": "..."} or {"requesters.0": "..."}). */
  function fieldError(message) {
    const found = ERROR_PATH.exec(message || "");
    if (!found || !FIELDS.has(found[1])) return null;
    const key = found[1] === "requesters" && found[2] !== undefined ? `requesters.${found[2]}` : found[1];
    return { [key]: found[3] };
  }

  function component() {
    return {
      rules: [],
      members: [],
      loaded: false,
      error: "",
      form: null,
      formError: "",
      errors: {},
      saving: false,
      verdicts: null,
      bases: BASES,
      matchKinds: MATCH_KINDS,
      modes: window.Cleanup.MODES,

      async init() {
        await this.load();
        this.loadMembers();
        /* Generated rules can be edited or deleted in the Rules tab: re-read on coming back. */
        if (this.tab !== undefined) {
          this.$watch("tab", (tab) => {
            if (tab === "retention") this.load();
          });
        }
      },
      async load() {
        try {
          this.rules = await api("GET", "/api/cleanup/retention");
          this.error = "";
        } catch (err) {
          this.error = "The retention rules are unavailable: " + err.message;
        }
        this.loaded = true;
      },
      /* People for "Tendarr user" matches; without them the id is typed. */
      async loadMembers() {
        try {
          this.members = (await api("GET", "/api/household")).members || [];
        } catch (_err) {
          this.members = [];
        }
      },

      /* -- list -- */
      modeLabel(mode) {
        return this.modes[mode] || mode;
      },
      appliesLabel(applies) {
        return APPLIES[applies] || applies;
      },
      keepsText(form) {
        const days = form.days === 1 ? "1 day" : `${form.days} days`;
        const basis = form.basis === "available" ? "after it became available" : "after the requester watched it";
        const watched = form.basis === "available" && form.require_watched ? ", once the requester watched it" : "";
        const unwatched = form.basis === "watched" && !form.require_watched ? " (unwatched: after it became available)" : "";
        return `${days} ${basis}${watched}${unwatched}`;
      },
      requesterText(match) {
        if (match.user_id !== undefined) {
          const member = this.members.find((m) => m.user_id === match.user_id);
          return member ? `${member.username} (#${match.user_id})` : `user #${match.user_id}`;
        }
        return match.username !== undefined ? match.username : match.email;
      },
      requestersText(list) {
        return (list || []).map((m) => this.requesterText(m)).join(", ");
      },

      /* -- form -- */
      create() {
        this.form = emptyForm();
        this.formError = "";
        this.errors = {};
      },
      async edit(rule) {
        try {
          this.form = fromRule(await api("GET", `/api/cleanup/retention/${rule.id}`));
        } catch (err) {
          window.Tendarr.toastError(err, "Could not open the retention rule");
          return;
        }
        this.formError = "";
        this.errors = {};
      },
      close() {
        this.form = null;
        this.formError = "";
        this.errors = {};
      },
      placeholder(kind) {
        if (kind === "email") return "alice@example.com";
        return kind === "user_id" ? "Tendarr user id" : "alice";
      },
      addRequester() {
        this.form.requesters.push(requesterRow(null));
      },
      removeRequester(index) {
        if (this.form.requesters.length > 1) this.form.requesters.splice(index, 1);
        this.errors = {};
      },
      async save() {
        if (!this.form || this.saving) return;
        this.saving = true;
        this.formError = "";
        this.errors = {};
        const sent = body(this.form);
        try {
          if (this.form.id) await api("PUT", `/api/cleanup/retention/${this.form.id}`, sent);
          else await api("POST", "/api/cleanup/retention", sent);
          window.Tendarr.toast(sent.name, "success", {
            title: this.form.id ? "Retention rule saved" : "Retention rule created",
          });
          this.close();
          await this.load();
          window.dispatchEvent(new CustomEvent("cleanup-rules-changed"));
        } catch (err) {
          const inline = err.status === 400 ? fieldError(err.message) : null;
          if (inline) this.errors = inline;
          else this.formError = err.message;
        }
        this.saving = false;
      },
      async remove(rule) {
        const ok = await window.Tendarr.confirm(
          `Delete the retention rule "${rule.name}" and the cleanup rules it made?`,
          { title: "Delete retention rule", okLabel: "Delete", danger: true },
        );
        if (!ok) return;
        try {
          await api("DELETE", `/api/cleanup/retention/${rule.id}`);
          window.Tendarr.toast(rule.name, "success", { title: "Retention rule deleted" });
          if (this.form && this.form.id === rule.id) this.close();
          if (this.verdicts && this.verdicts.id === rule.id) this.verdicts = null;
          await this.load();
          window.dispatchEvent(new CustomEvent("cleanup-rules-changed"));
        } catch (err) {
          window.Tendarr.toastError(err, "Retention rule not deleted");
        }
      },

      /* -- verdicts -- */
      async showVerdicts(rule) {
        this.verdicts = { id: rule.id, name: rule.name, items: [], limit: VERDICT_LIMIT, loading: true };
        try {
          const items = await api("GET", `/api/cleanup/retention/${rule.id}/verdicts?limit=${VERDICT_LIMIT}`);
          if (this.verdicts && this.verdicts.id === rule.id) {
            this.verdicts = { ...this.verdicts, items, loading: false };
          }
        } catch (err) {
          this.verdicts = null;
          this.error = "The verdicts are unavailable: " + err.message;
        }
      },
      count(verdict) {
        return this.verdicts ? this.verdicts.items.filter((v) => v.verdict === verdict).length : 0;
      },
    };
  }

  document.addEventListener("alpine:init", () => window.Alpine.data("cleanupRetention", component));
})();
