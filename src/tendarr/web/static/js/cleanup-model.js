/* Cleanup rules editor (templates/cleanup.html): the condition tree behind the builder.
 * A rule document (docs/rules.md) becomes a tree of groups ({kind: all|any|not}) and
 * conditions for editing, is flattened into rows for rendering (Alpine has no recursive
 * templates), and is written back as a document. Validation is the server's job: values
 * that cannot be read are sent as typed so that its error names the path.
 * Loaded without `defer`, before js/cleanup.js. */
(function () {
  "use strict";

  /* Operators per value type, as docs/rules.md lists them (the catalogue may narrow them). */
  const OPERATORS = {
    number: ["gt", "gte", "lt", "lte", "eq", "ne", "between", "exists", "not_exists"],
    bytes: ["gt", "gte", "lt", "lte", "eq", "ne", "between", "exists", "not_exists"],
    days: ["gt", "gte", "lt", "lte", "between", "before", "after", "within_last_days",
      "within_next_days", "exists", "not_exists"],
    text: ["equals", "not_equals", "contains", "not_contains", "starts_with", "matches", "in",
      "not_in", "exists", "not_exists"],
    text_list: ["contains", "not_contains", "contains_any", "contains_all", "is_empty",
      "is_not_empty", "exists", "not_exists"],
    bool: ["is_true", "is_false", "exists", "not_exists"],
    user: ["equals", "not_equals", "in", "not_in", "exists", "not_exists"],
    user_list: ["contains", "not_contains", "contains_any", "contains_all", "is_empty",
      "is_not_empty", "exists", "not_exists"],
  };
  const LABELS = {
    eq: "=", ne: "≠", gt: ">", gte: "≥", lt: "<", lte: "≤", between: "between",
    before: "before", after: "after", within_last_days: "within the last", within_next_days: "within the next",
    equals: "is", not_equals: "is not", contains: "contains", not_contains: "does not contain",
    starts_with: "starts with", matches: "matches (regex)", in: "is one of", not_in: "is none of",
    contains_any: "contains any of", contains_all: "contains all of", is_empty: "is empty",
    is_not_empty: "is not empty", is_true: "is true", is_false: "is false", exists: "has a value",
    not_exists: "has no value",
  };
  const NO_VALUE = new Set(["is_true", "is_false", "exists", "not_exists", "is_empty", "is_not_empty"]);
  const TARGETS = [
    { id: "movie", label: "Movies" }, { id: "show", label: "Shows" },
    { id: "season", label: "Seasons" }, { id: "episode", label: "Episodes" },
  ];
  const MODES = { dry_run: "Dry run", review: "Review", automatic: "Automatic" };

  let uid = 0;
  const nextUid = () => (uid += 1);

  /* What the value input looks like for a property type and operator. */
  function valueKind(type, operator) {
    if (!operator || NO_VALUE.has(operator)) return "none";
    if (operator === "between") return "range";
    if (operator === "before" || operator === "after") return "date";
    if (["number", "bytes", "days"].includes(type)) return "number";
    if (type === "user") return ["in", "not_in"].includes(operator) ? "users" : "user";
    if (type === "user_list") return ["contains_any", "contains_all"].includes(operator) ? "users" : "user";
    if (["in", "not_in", "contains_any", "contains_all"].includes(operator)) return "list";
    return "text";
  }

  /* The unit shown after a number input. */
  function unit(type, operator) {
    if (type === "bytes") return "GB";
    if (type === "days") return operator.startsWith("within") ? "days" : "days ago";
    return "";
  }

  function newCondition(property = "", operator = "") {
    return { uid: nextUid(), type: "cond", property, operator, value: "", low: "", high: "", users: [] };
  }

  function newGroup(kind = "all", children = []) {
    return { uid: nextUid(), type: "group", kind, children };
  }

  /* ---- document -> tree ---- */

  function fromCondition(raw) {
    const cond = newCondition(raw.property || "", raw.operator || "");
    const value = raw.value;
    if (Array.isArray(value) && raw.operator === "between") {
      cond.low = String(value[0] ?? "");
      cond.high = String(value[1] ?? "");
    } else if (Array.isArray(value)) {
      cond.value = value.join(", ");
      cond.users = value.map(String);
    } else if (value !== null && value !== undefined) {
      cond.value = String(value);
      cond.users = [String(value)];
    }
    return cond;
  }

  function fromNode(raw) {
    if (raw && Array.isArray(raw.all)) return newGroup("all", raw.all.map(fromNode));
    if (raw && Array.isArray(raw.any)) return newGroup("any", raw.any.map(fromNode));
    if (raw && raw.not) return newGroup("not", [fromNode(raw.not)]);
    return fromCondition(raw || {});
  }

  function fromConditions(list) {
    return newGroup("all", (list || []).map(fromNode));
  }

  /* ---- tree -> document ---- */

  function number(text) {
    const trimmed = String(text ?? "").trim();
    if (trimmed === "") return null;
    const parsed = Number(trimmed);
    return Number.isFinite(parsed) ? parsed : trimmed; // the server names what is wrong
  }

  function conditionValue(cond, type) {
    const kind = valueKind(type, cond.operator);
    switch (kind) {
      case "none": return undefined;
      case "range": return [number(cond.low), number(cond.high)];
      case "number": return number(cond.value);
      case "user": return number(cond.users[0]);
      case "users": return cond.users.map(number);
      case "list": return String(cond.value).split(",").map((s) => s.trim()).filter(Boolean);
      default: return cond.value;
    }
  }

  function toNode(node, typeOf) {
    if (node.type === "cond") {
      const out = { property: node.property, operator: node.operator };
      const value = conditionValue(node, typeOf(node.property));
      if (value !== undefined) out.value = value;
      return out;
    }
    const children = node.children.map((child) => toNode(child, typeOf));
    if (node.kind === "not") return { not: children.length === 1 ? children[0] : { all: children } };
    return { [node.kind]: children };
  }

  function toConditions(root, typeOf) {
    return root.children.map((child) => toNode(child, typeOf));
  }

  /* ---- rendering ---- */

  /* The path validation uses for the i-th child of a group at `path`. */
  function childPath(group, path, i) {
    if (path === "conditions") return `conditions[${i}]`;
    return group.kind === "not" ? `${path}.not` : `${path}.${group.kind}[${i}]`;
  }

  /* Depth-first rows: a group's header, its children, then its "add" footer. */
  function flatten(group, depth = 0, parent = null, path = "conditions", rows = []) {
    rows.push({ key: "g" + group.uid, row: "group", node: group, parent, depth, path });
    group.children.forEach((child, i) => {
      const at = childPath(group, path, i);
      if (child.type === "group") flatten(child, depth + 1, group, at, rows);
      else rows.push({ key: "c" + child.uid, row: "cond", node: child, parent: group, depth: depth + 1, path: at });
    });
    rows.push({ key: "e" + group.uid, row: "end", node: group, parent, depth: depth + 1, path });
    return rows;
  }

  /* The condition paths a server error names ("conditions[2].any[0].operator: ..."). */
  function errorPaths(message) {
    return (String(message || "").match(/conditions(\[\d+\]|\.(all|any)\[\d+\]|\.not)*/g) || []);
  }

  function formatValue(value) {
    if (value === null || value === undefined) return "none";
    if (Array.isArray(value)) return value.map(formatValue).join(", ");
    if (typeof value === "number") return String(Math.round(value * 100) / 100);
    return String(value);
  }

  /* A reason as a chip: "days_since_added 412 > 365", "on_any_watchlist unknown (...)". */
  function formatReason(reason) {
    if (typeof reason === "string") return reason;
    const op = LABELS[reason.operator] || reason.operator;
    const negated = reason.negated ? "not " : "";
    const expected = reason.expected === null || reason.expected === undefined ? "" : " " + formatValue(reason.expected);
    if (reason.outcome === "unknown") {
      const why = [reason.source, reason.reason].filter(Boolean).join(": ");
      return `${negated}${reason.property} ${op}${expected}: unknown${why ? " (" + why + ")" : ""}`;
    }
    if (NO_VALUE.has(reason.operator)) return `${negated}${reason.property} ${op}`;
    const actual = reason.actual === null || reason.actual === undefined ? formatValue(null) : formatValue(reason.actual);
    return `${negated}${reason.property} ${actual} ${op}${expected}`.trim();
  }

  window.Cleanup = {
    OPERATORS, LABELS, TARGETS, MODES, valueKind, unit, newCondition, newGroup,
    fromConditions, toConditions, flatten, errorPaths, formatReason, formatValue,
  };
})();
