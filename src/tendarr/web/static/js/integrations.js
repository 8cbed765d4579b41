/* Sonarr, Radarr & requests (templates/integrations.html): the Sonarr/Radarr instances
 * (/api/arr) and Overseerr/Jellyseerr apps (/api/request-apps) cleanup talks to, each with
 * a connection test, enable/disable, delete, and an add/edit dialog that can test a
 * candidate before saving. API keys come back as ******** and are sent back that way to
 * keep the stored key. Loaded without `defer` so the component exists before Alpine starts. */
(function () {
  "use strict";

  const REDACTED = "********";
  const KINDS = [
    { id: "sonarr", label: "Sonarr", family: "arr", port: 8989 },
    { id: "radarr", label: "Radarr", family: "arr", port: 7878 },
    { id: "overseerr", label: "Overseerr", family: "seerr", port: 5055 },
    { id: "jellyseerr", label: "Jellyseerr", family: "seerr", port: 5055 },
  ];
  const FAMILIES = {
    arr: { base: "/api/arr", noun: "instance" },
    seerr: { base: "/api/request-apps", noun: "app" },
  };

  function api(method, url, body) {
    return window.Tendarr.api(method, url, body);
  }

  function kindOf(id) {
    return KINDS.find((k) => k.id === id) || { id, label: id, family: "arr", port: 80 };
  }

  function familyOf(kind) {
    return kindOf(kind).family;
  }

  function itemUrl(item) {
    return `${FAMILIES[familyOf(item.kind)].base}/${encodeURIComponent(item.id)}`;
  }

  /* A stored instance or app as PUT and the candidate tests take it. */
  function body(item) {
    return {
      id: item.id,
      kind: item.kind,
      name: item.name,
      url: item.url,
      api_key: item.api_key,
      enabled: item.enabled,
    };
  }

  function emptyForm(kind) {
    return { id: "", kind, name: "", url: "", api_key: "", enabled: true };
  }

  function trimmed(form) {
    return {
      id: form.id.trim(),
      kind: form.kind,
      name: form.name.trim(),
      url: form.url.trim(),
      api_key: form.api_key.trim(),
      enabled: form.enabled,
    };
  }

  /* Free space as "1.2 TB free of 4 TB"; a size the app did not report is unknown. */
  function size(bytes) {
    if (bytes === null || bytes === undefined) return "unknown";
    return bytes === 0 ? "0 B" : window.Tendarr.formatSize(bytes);
  }

  function spaceText(folder) {
    if (folder.free_bytes === null || folder.free_bytes === undefined) return "free space unknown";
    const total = folder.total_bytes ? ` of ${size(folder.total_bytes)}` : "";
    return `${size(folder.free_bytes)} free${total}`;
  }

  function usedPercent(folder) {
    if (!folder.total_bytes || folder.free_bytes === null || folder.free_bytes === undefined) return null;
    return Math.round(Math.max(0, Math.min(1, 1 - folder.free_bytes / folder.total_bytes)) * 100);
  }

  function plural(count, one, many) {
    return `${count} ${count === 1 ? one : many}`;
  }

  /* One line for a connection test of a `kind`: what answered, or why nothing did. */
  function summary(kind, result) {
    if (!result.ok) return "Connection failed: " + (result.error || "unknown error");
    const parts = [];
    if (familyOf(kind) === "arr") {
      parts.push(`Connected to ${result.app_name || kindOf(kind).label} ${result.version || ""}`.trim());
      parts.push(plural(result.root_folders.length, "root folder", "root folders"));
    } else {
      const who = result.acting_user ? ` as ${result.acting_user}` : "";
      parts.push(`Connected to ${kindOf(kind).label} ${result.version || ""}`.trim() + who);
      if (result.requests !== null && result.requests !== undefined) {
        parts.push(plural(result.requests, "request", "requests"));
      }
    }
    return parts.join(", ") + ".";
  }

  /* Test a candidate (or a saved item sent back with its key redacted). */
  function testCandidate(form) {
    const family = familyOf(form.kind);
    const url = family === "arr" ? "/api/arr/test-connection" : "/api/request-apps/test";
    return api("POST", url, form);
  }

  /* A failed request answers like a failed connection, so both show in the same place. */
  function failed(err) {
    return { ok: false, error: err.message };
  }

  document.addEventListener("alpine:init", () => {
    window.Alpine.data("integrationsPage", () => ({
      kinds: KINDS,
      lists: { arr: [], seerr: [] },
      errors: { arr: "", seerr: "" },
      loaded: false,
      loading: false,
      busy: {},
      tests: {},
      dialog: { open: false, mode: "add", form: emptyForm("radarr"), original: null, idTouched: false,
        error: "", saving: false, testing: false, test: null },

      init() {
        this.reload();
      },
      async reload() {
        this.loading = true;
        await Promise.all(Object.entries(FAMILIES).map(async ([family, spec]) => {
          try {
            this.lists[family] = await api("GET", spec.base);
            this.errors[family] = "";
          } catch (err) {
            this.errors[family] = `Could not list the ${spec.noun}s: ${err.message}`;
          }
        }));
        this.loaded = true;
        this.loading = false;
      },
      key(item) {
        return familyOf(item.kind) + ":" + item.id;
      },
      kindLabel(kind) {
        return kindOf(kind).label;
      },
      spaceText,
      usedPercent,
      summary,
      put(item) {
        const list = this.lists[familyOf(item.kind)];
        const index = list.findIndex((x) => x.id === item.id);
        if (index >= 0) list.splice(index, 1, item);
        else list.push(item);
      },
      async act(item, name, call) {
        const key = this.key(item);
        this.busy[key] = name;
        try {
          return await call();
        } finally {
          this.busy[key] = null;
        }
      },
      async setEnabled(item, enabled) {
        await this.act(item, "enabled", async () => {
          try {
            this.put(await api("PUT", itemUrl(item), Object.assign(body(item), { enabled })));
          } catch (err) {
            window.Tendarr.toastError(err, `Could not ${enabled ? "enable" : "disable"} ${item.name}`);
            this.put(Object.assign({}, item));
          }
        });
      },
      async test(item) {
        await this.act(item, "test", async () => {
          try {
            this.tests[this.key(item)] = familyOf(item.kind) === "arr"
              ? await api("POST", "/api/arr/test-connection", body(item))
              : await api("POST", `${itemUrl(item)}/test`, {});
          } catch (err) {
            this.tests[this.key(item)] = failed(err);
          }
        });
      },
      testOf(item) {
        return this.tests[this.key(item)] || null;
      },
      async remove(item) {
        const noun = FAMILIES[familyOf(item.kind)].noun;
        const ok = await window.Tendarr.confirm(
          `Remove “${item.name}”? Cleanup stops using this ${this.kindLabel(item.kind)} ${noun}.`,
          { title: `Delete ${this.kindLabel(item.kind)}`, okLabel: "Delete", danger: true });
        if (!ok) return;
        await this.act(item, "delete", async () => {
          try {
            await api("DELETE", itemUrl(item));
            const family = familyOf(item.kind);
            this.lists[family] = this.lists[family].filter((x) => x.id !== item.id);
            delete this.tests[this.key(item)];
            window.Tendarr.toast(item.name, "success", { title: `${this.kindLabel(item.kind)} deleted` });
          } catch (err) {
            window.Tendarr.toastError(err, `Could not delete ${item.name}`);
          }
        });
      },

      /* -- the add/edit dialog -- */
      get urlPlaceholder() {
        return `http://192.168.1.10:${kindOf(this.dialog.form.kind).port}`;
      },
      get dialogTitle() {
        const dialog = this.dialog;
        return dialog.mode === "add" ? `Add ${this.kindLabel(dialog.form.kind)}` : `Edit ${dialog.original.name}`;
      },
      openAdd(kind) {
        this.openDialog("add", emptyForm(kind), null);
      },
      openEdit(item) {
        this.openDialog("edit", body(item), item);
      },
      openDialog(mode, form, original) {
        Object.assign(this.dialog, { open: true, mode, form, original, idTouched: mode === "edit",
          error: "", saving: false, testing: false, test: null });
        this.$nextTick(() => this.$refs.firstField && this.$refs.firstField.focus());
      },
      closeDialog() {
        this.dialog.open = false;
      },
      nameChanged() {
        if (!this.dialog.idTouched) this.dialog.form.id = window.Tendarr.slugify(this.dialog.form.name);
      },
      kindChanged() {
        this.dialog.test = null;
      },
      get keyStored() {
        return this.dialog.mode === "edit" && this.dialog.form.api_key === REDACTED;
      },
      async testDialog() {
        const dialog = this.dialog;
        dialog.error = "";
        dialog.testing = true;
        dialog.test = null;
        try {
          dialog.test = await testCandidate(trimmed(dialog.form));
        } catch (err) {
          dialog.test = failed(err);
        }
        dialog.testing = false;
      },
      async saveDialog() {
        const dialog = this.dialog;
        dialog.error = "";
        dialog.saving = true;
        const sent = trimmed(dialog.form);
        const base = FAMILIES[familyOf(sent.kind)].base;
        try {
          const saved = dialog.mode === "add"
            ? await api("POST", base, sent)
            : await api("PUT", `${base}/${encodeURIComponent(sent.id)}`, sent);
          this.put(saved);
          delete this.tests[this.key(saved)];
          dialog.open = false;
          const label = this.kindLabel(saved.kind);
          window.Tendarr.toast(saved.name, "success", { title: dialog.mode === "add" ? `${label} added` : `${label} saved` });
        } catch (err) {
          dialog.error = err.message;
        }
        dialog.saving = false;
      },
    }));
  });
})();
