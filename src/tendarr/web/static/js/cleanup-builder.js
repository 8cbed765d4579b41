/* Cleanup rules editor: the condition builder's methods (groups ALL / ANY / NOT, a
 * property filtered by the rule's target and grouped by source, an operator valid for its
 * type, a value input that fits the operator). Mixed into the `cleanupPage` component by
 * js/cleanup.js; needs js/cleanup-model.js first. Loaded without `defer`. */
(function () {
  "use strict";

  const M = () => window.Cleanup;

  /* Where a property's facts come from, for grouping when the catalogue does not say. */
  const SOURCES = {
    "watch history": ["watched_by_anyone", "watched_by_all_active_members", "watched_by_requester",
      "watched_by", "play_count", "days_since_last_watched", "in_progress", "last_watched_by"],
    library: ["days_since_added"],
    metadata: ["release_year", "days_since_release", "days_since_last_air", "title", "tmdb_rating",
      "imdb_rating", "critic_rating", "genre", "studio", "network", "content_rating", "language"],
    "media servers": ["collection", "label", "present_on_server"],
    files: ["size_gb", "resolution", "dynamic_range", "audio_profile", "video_codec"],
    watchlists: ["on_any_watchlist", "on_watchlist_of"],
    requests: ["requested_by", "days_since_requested"],
    "sonarr/radarr": ["arr_monitored", "arr_tags", "arr_quality_profile", "series_status"],
    storage: ["root_free_gb", "root_free_percent"],
  };
  const SOURCE_LABELS = {
    "watch history": "Watch data", library: "Age", metadata: "Metadata", "media servers": "Servers",
    files: "Files", watchlists: "Watchlists", requests: "Requests", "sonarr/radarr": "Sonarr / Radarr",
    storage: "Storage",
  };

  function sourceOf(property) {
    if (property.source) return property.source;
    const found = Object.entries(SOURCES).find(([, names]) => names.includes(property.name));
    return found ? found[0] : "other";
  }

  window.CleanupBuilder = {
    /* The catalogue entry called `name`, or null. */
    prop(name) {
      return this.properties.find((p) => p.name === name) || null;
    },
    typeOf(name) {
      const found = this.prop(name);
      return found ? found.type : "";
    },
    /* Properties that apply to `target`, as [{label, properties}] in catalogue order. */
    propertyGroups(target) {
      const groups = [];
      this.properties
        .filter((p) => !p.targets || p.targets.includes(target))
        .forEach((p) => {
          const source = sourceOf(p);
          let group = groups.find((g) => g.source === source);
          if (!group) {
            group = { source, label: SOURCE_LABELS[source] || source, properties: [] };
            groups.push(group);
          }
          group.properties.push(p);
        });
      return groups;
    },
    operatorsFor(cond) {
      const found = this.prop(cond.property);
      if (!found) return [];
      if (!found.operators || !found.operators.length) return M().OPERATORS[found.type] || [];
      return found.operators.map((op) => (typeof op === "string" ? op : op.name));
    },
    /* The catalogue's description of an operator of the condition's property, if any. */
    operatorHint(cond, operator) {
      const found = this.prop(cond.property);
      const entry = found && (found.operators || []).find((op) => op.name === operator);
      return entry ? entry.description || "" : "";
    },
    operatorLabel(operator) {
      return M().LABELS[operator] || operator;
    },
    valueKind(cond) {
      return M().valueKind(this.typeOf(cond.property), cond.operator);
    },
    unit(cond) {
      return M().unit(this.typeOf(cond.property), cond.operator || "");
    },
    hint(cond) {
      const found = this.prop(cond.property);
      return found ? found.description || "" : "";
    },
    /* A new property keeps the operator when it still applies; the value starts over. */
    propertyChanged(cond) {
      const operators = this.operatorsFor(cond);
      if (!operators.includes(cond.operator)) cond.operator = operators[0] || "";
      cond.value = "";
      cond.low = "";
      cond.high = "";
      cond.users = [];
    },
    rows() {
      return this.editor ? M().flatten(this.editor.root) : [];
    },
    /* Whether the server's error names this row (a condition: it or one of its fields). */
    hasError(row) {
      if (!this.editorError || row.path === "conditions") return false;
      return M().errorPaths(this.editorError).some((p) => p === row.path);
    },
    canAdd(group) {
      return group.kind !== "not" || group.children.length === 0;
    },
    addCondition(group) {
      group.children.push(M().newCondition());
    },
    addGroup(group, kind = "any") {
      group.children.push(M().newGroup(kind, [M().newCondition()]));
    },
    removeNode(parent, node) {
      if (!parent) return;
      const index = parent.children.indexOf(node);
      if (index >= 0) parent.children.splice(index, 1);
    },
    groupLabel(group) {
      return { all: "ALL of", any: "ANY of", not: "NOT" }[group.kind];
    },
    userName(id) {
      const member = this.members.find((m) => String(m.user_id) === String(id));
      return member ? member.username : `user ${id}`;
    },
  };
})();
