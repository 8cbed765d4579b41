/* Cleanup page (templates/cleanup.html): the rules list and the rule editor (name, target,
 * libraries, mode, grace days, the condition builder) with save, delete and "Preview
 * matches". Needs js/cleanup-model.js, js/cleanup-builder.js and js/cleanup-preview.js
 * first; loaded without `defer` so the component exists before Alpine starts. */
(function () {
  "use strict";

  function api(method, url, body) {
    return window.Tendarr.api(method, url, body);
  }

  /* Merge mixins keeping their getters (Object.assign would read them once). */
  function mix(...parts) {
    const out = {};
    parts.forEach((part) => Object.defineProperties(out, Object.getOwnPropertyDescriptors(part)));
    return out;
  }

  function items(data, key) {
    return Array.isArray(data) ? data : (data && data[key]) || [];
  }

  function emptyRule() {
    return {
      id: null,
      name: "",
      target: "movie",
      library_ids: [],
      mode: "dry_run",
      grace_days: 15,
      enabled: true,
      actions: null,
      root: window.Cleanup.newGroup("all", [window.Cleanup.newCondition()]),
    };
  }

  const page = {
    rules: [],
    properties: [],
    members: [],
    libraries: [],
    loaded: false,
    error: "",
    editor: null,
    editorError: "",
    saving: false,
    previewing: false,
    result: null,
    targets: window.Cleanup.TARGETS,
    modes: window.Cleanup.MODES,

    async init() {
      try {
        this.properties = items(await api("GET", "/api/cleanup/properties"), "properties");
      } catch (err) {
        this.error = "The rule properties are unavailable: " + err.message;
      }
      await this.reload();
      this.loadChoices();
    },
    async reload() {
      try {
        this.rules = items(await api("GET", "/api/cleanup/rules"), "rules");
      } catch (err) {
        this.error = "The cleanup rules are unavailable: " + err.message;
      }
      this.loaded = true;
    },
    /* People for user values and libraries for the rule's scope; both are optional. */
    async loadChoices() {
      try {
        this.members = (await api("GET", "/api/household")).members;
      } catch (_err) {
        this.members = [];
      }
      try {
        const servers = items(await api("GET", "/api/servers"), "servers");
        this.libraries = servers.flatMap((s) => (s.libraries || []).map((l) => ({
          id: `${s.id}:${l.id}`, label: `${s.name} · ${l.name}`, kind: l.kind,
        })));
      } catch (_err) {
        this.libraries = [];
      }
    },
    modeLabel(mode) {
      return this.modes[mode] || mode;
    },
    targetLabel(target) {
      const found = this.targets.find((t) => t.id === target);
      return found ? found.label : target;
    },

    /* -- editor -- */
    newRule() {
      this.editor = emptyRule();
      this.editorError = "";
      this.result = null;
    },
    async edit(rule) {
      let full = rule;
      try {
        full = await api("GET", `/api/cleanup/rules/${rule.id}`);
      } catch (err) {
        window.Tendarr.toastError(err, "Could not open the rule");
        return;
      }
      const doc = full.rule || full;
      this.editor = {
        id: full.id ?? rule.id,
        name: doc.name || "",
        target: doc.target || "movie",
        library_ids: (doc.library_ids || []).slice(),
        mode: doc.mode || "dry_run",
        grace_days: doc.grace_days ?? 15,
        enabled: full.enabled ?? doc.enabled ?? true,
        actions: doc.actions || null,
        root: window.Cleanup.fromConditions(doc.conditions),
      };
      this.editorError = "";
      this.result = null;
    },
    close() {
      this.editor = null;
      this.editorError = "";
      this.result = null;
    },
    targetChanged() {
      this.result = null;
    },
    /* The editor's state as the rule document the API takes. */
    ruleDocument() {
      const e = this.editor;
      const doc = {
        name: e.name,
        target: e.target,
        library_ids: e.library_ids,
        mode: e.mode,
        grace_days: Number(e.grace_days),
        conditions: window.Cleanup.toConditions(e.root, (name) => this.typeOf(name)),
      };
      if (e.actions) doc.actions = e.actions;
      return doc;
    },
    async save() {
      if (!this.editor || this.saving) return;
      this.saving = true;
      this.editorError = "";
      const body = Object.assign(this.ruleDocument(), { enabled: this.editor.enabled });
      try {
        const saved = this.editor.id
          ? await api("PUT", `/api/cleanup/rules/${this.editor.id}`, body)
          : await api("POST", "/api/cleanup/rules", body);
        window.Tendarr.toast(body.name, "success", { title: this.editor.id ? "Rule saved" : "Rule created" });
        this.editor.id = saved && saved.id ? saved.id : this.editor.id;
        await this.reload();
        this.close();
      } catch (err) {
        this.editorError = err.message;
      }
      this.saving = false;
    },
    async remove(rule) {
      const ok = await window.Tendarr.confirm(`Delete the rule "${rule.name}"?`, {
        title: "Delete rule", okLabel: "Delete", danger: true,
      });
      if (!ok) return;
      try {
        await api("DELETE", `/api/cleanup/rules/${rule.id}`);
        window.Tendarr.toast(rule.name, "success", { title: "Rule deleted" });
        if (this.editor && this.editor.id === rule.id) this.close();
        await this.reload();
      } catch (err) {
        window.Tendarr.toastError(err, "Rule not deleted");
      }
    },
  };

  document.addEventListener("alpine:init", () => {
    window.Alpine.data("cleanupPage", () => mix(window.CleanupBuilder, window.CleanupPreview, page));
  });
})();
