// Apollo Client against a running graphservice, with stock settings: one InMemoryCache (its
// possibleTypes fetched from the server), HttpLink, and the stock PersistedQueryLink (APQ) with a
// SHA-256 from node:crypto. Every request goes through a fetch wrapper that keeps what the server
// sent, so each check compares what Apollo gives back with the bytes on the wire.
//
//   node web/clients/apollo.mjs http://127.0.0.1:8000 [--ids-ignore-views | --no-possible-types]
//
// Prints one JSON report and exits 1 when any check fails, 2 on a crash. The two options are
// self-checks, each breaking what one check relies on, so that check must then fail:
// --ids-ignore-views keys records by their id with the view cut off (as if the server gave a record
// one id in every view): the views check; --no-possible-types leaves the cache without the server's
// possibleTypes, so it cannot match fragments on interfaces and unions: the fragments check.

import { createHash } from "node:crypto";
import { ApolloClient, ApolloLink, HttpLink, InMemoryCache, gql } from "@apollo/client";
import { PersistedQueryLink } from "@apollo/client/link/persisted-queries";
import { relayStylePagination } from "@apollo/client/utilities";

const VIEWS = [{}, { asOf: "part-1" }, { asOf: "part-2" }, { asOf: "part-3" }, { during: "part-2" }];

// The same records, asked in every view (as tests/api/test_identity.py does, without Apollo).
const VIEW_QUERIES = {
  Kathy: gql`
    query Kathy($asOf: String, $during: String) {
      character(slug: "kathy-h", asOf: $asOf, during: $during) {
        id slug name
        relationships(first: 100) { totalCount edges { node {
          id kind active holds { slug } revealed { slug } source { id name } } } }
        neighbours(first: 100) { totalCount edges { node { distance node { id slug } } } }
        quotes(first: 100) { totalCount edges { node { id text } } }
      }
    }`,
  CharactersAndPath: gql`
    query CharactersAndPath($asOf: String, $during: String) {
      characters(first: 100, asOf: $asOf, during: $during) {
        edges { node { id slug relationships(first: 100) { totalCount } } }
      }
      shortestPath(from: "tommy-d", to: "madame", asOf: $asOf, during: $during) {
        ... on Path { steps { relationship { id active } } }
        ... on NoPath { reason }
      }
    }`,
  Graph: gql`
    query Graph($asOf: String, $during: String) {
      graph(asOf: $asOf, during: $during) {
        nodes { entityId slug size } edges { recordId slug active }
      }
    }`,
};

// One document, one character in two views: a cache keyed by a view-blind id would merge them.
const TWO_VIEWS = gql`
  query TwoViews {
    p1: character(slug: "kathy-h", asOf: "part-1") {
      id name relationships(first: 100) { totalCount edges { node { id active } } }
    }
    p3: character(slug: "kathy-h", asOf: "part-3") {
      id name relationships(first: 100) { totalCount edges { node { id active } } }
    }
  }`;

// Interface fragments (Entity, Party) and union fragments (PathResult, SearchResult).
const FRAGMENTS = gql`
  query Fragments($asOf: String) {
    byAlias: search(text: "Marie-Claude", limit: 3) { score node { __typename ...Hit } }
    byQuote: search(text: "this river", limit: 3) { score node { __typename ...Hit } }
    path: shortestPath(from: "rod", to: "madame", asOf: $asOf) { __typename ...Route }
    noPath: shortestPath(from: "kathy-h", to: "ruths-possible", exclude: ["ruth-c"]) { __typename ...Route }
    groups(first: 10, asOf: $asOf) { edges { node { __typename ...Who } } }
    places(first: 10, asOf: $asOf) { edges { node { __typename ...Who } } }
  }
  fragment Hit on SearchResult {
    ... on Character { id name description }
    ... on Quote { id text }
  }
  fragment Route on PathResult {
    ... on Path { length nodes { __typename ...Who } }
    ... on NoPath { reason message }
  }
  fragment Who on Entity {
    id name
    ... on Party { neighbours(first: 100) { totalCount } }
  }`;

const PAGE = gql`
  query Page($first: Int!, $after: String, $asOf: String) {
    characters(first: $first, after: $after, asOf: $asOf) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { id slug name } }
    }
  }`;

const ALL = `query All($asOf: String) { characters(first: 100, asOf: $asOf) { totalCount edges { node { slug } } } }`;

// A document no server has seen before: the alias names this run.
const APQ_PROBE = gql(`
  query ApqProbe($slug: String!) {
    character(slug: $slug) { id slug name }
    run_${process.pid}_${Date.now()}: __typename
  }`);

const sha256 = (text) => createHash("sha256").update(text).digest("hex");

/** A fetch that keeps every request and the server's parsed answer to it. */
function recordingFetch(log) {
  return async (input, init = {}) => {
    const url = new URL(typeof input === "string" ? input : input.url);
    const method = (init.method ?? "GET").toUpperCase();
    let sent;
    if (method === "GET") {
      sent = Object.fromEntries(url.searchParams);
      for (const key of ["variables", "extensions"]) if (sent[key]) sent[key] = JSON.parse(sent[key]);
    } else {
      sent = JSON.parse(init.body);
    }
    const response = await fetch(input, init);
    const text = await response.clone().text();
    let body = null;
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
    log.push({
      method,
      operationName: sent.operationName ?? null,
      hasQuery: typeof sent.query === "string",
      hash: sent.extensions?.persistedQuery?.sha256Hash ?? null,
      status: response.status,
      accept: new Headers(init.headers).get("accept"),
      contentType: response.headers.get("content-type"),
      body,
    });
    return response;
  };
}

/** Where two JSON values first differ ("" when they are equal). */
function difference(a, b, path = "$") {
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `${path}: ${a.length} items vs ${b.length}`;
    for (let i = 0; i < a.length; i++) {
      const d = difference(a[i], b[i], `${path}[${i}]`);
      if (d) return d;
    }
    return "";
  }
  if (a && b && typeof a === "object" && typeof b === "object" && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of [...keys].sort()) {
      if (!(key in a) || !(key in b)) return `${path}.${key}: only on one side`;
      const d = difference(a[key], b[key], `${path}.${key}`);
      if (d) return d;
    }
    return "";
  }
  return Object.is(a, b) ? "" : `${path}: ${JSON.stringify(a)?.slice(0, 120)} vs ${JSON.stringify(b)?.slice(0, 120)}`;
}

function viewBlindId(object) {
  if (typeof object.id !== "string" || !object.__typename) return undefined;
  const decoded = Buffer.from(object.id, "base64").toString("utf8");
  return decoded.replace(/@.*$/, "");
}

function makeClient(base, schema, log, { idsIgnoreViews = false, noPossibleTypes = false, getForHashed = false } = {}) {
  // Connections have no id, so Apollo stores each under its parent's field and arguments and, by
  // default, replaces it whole when another query asks other fields of it: merging is the
  // documented remedy, and safe because one field with one set of arguments is one connection.
  const connections = Object.fromEntries(schema.connections.map((name) => [name, { merge: true }]));
  const cache = new InMemoryCache({
    possibleTypes: noPossibleTypes ? {} : schema.possibleTypes,
    ...(idsIgnoreViews ? { dataIdFromObject: viewBlindId } : {}),
    typePolicies: {
      ...connections,
      Query: { fields: { characters: relayStylePagination(["asOf", "during", "work"]) } },
    },
  });
  const link = ApolloLink.from([
    new PersistedQueryLink({ sha256, useGETForHashedQueries: getForHashed }),
    new HttpLink({ uri: `${base}/graphql`, fetch: recordingFetch(log) }),
  ]);
  return new ApolloClient({ cache, link });
}

/** Run a query over the network; return Apollo's data and the data of the server's final answer. */
async function ask(client, log, query, variables = {}) {
  const start = log.length;
  const result = await client.query({ query, variables, fetchPolicy: "network-only" });
  const wire = log.slice(start).at(-1)?.body;
  if (!wire?.data || wire.errors) throw new Error(`${opName(query)}: the server answered ${JSON.stringify(wire)}`);
  return { apollo: result.data, wire: wire.data };
}

const opName = (query) => query.definitions.find((d) => d.kind === "OperationDefinition")?.name?.value;

function check(name, problems, extra = {}) {
  return { name, ok: problems.length === 0, problems: problems.slice(0, 20), ...extra };
}

/** (a) Every query in every view through one cache; afterwards the cache still gives each answer back as sent. */
async function views(client, log) {
  const runs = [];
  for (const [name, query] of Object.entries(VIEW_QUERIES)) {
    for (const view of VIEWS) runs.push({ label: `${name} ${JSON.stringify(view)}`, query, variables: view });
  }
  runs.push({ label: "TwoViews p1/p3", query: TWO_VIEWS, variables: {} });
  const problems = [];
  for (const run of runs) {
    const { apollo, wire } = await ask(client, log, run.query, run.variables);
    run.wire = wire;
    const d = difference(apollo, wire);
    if (d) problems.push(`${run.label}: Apollo's answer differs from the wire at ${d}`);
  }
  for (const run of runs) {
    const cached = client.readQuery({ query: run.query, variables: run.variables });
    const d = cached === null ? "the cache has no complete answer" : difference(cached, run.wire);
    if (d) problems.push(`${run.label}: after all views, the cache differs from the wire at ${d}`);
  }
  const twoViews = runs.at(-1).wire;
  if (twoViews.p1.id === twoViews.p3.id) problems.push("p1 and p3 have the same id");
  if (twoViews.p1.relationships.totalCount >= twoViews.p3.relationships.totalCount) {
    problems.push("part 1 should know fewer of Kathy's relationships than part 3");
  }
  const records = Object.keys(client.cache.extract()).length;
  return check("views", problems, { queries: runs.length, cachedRecords: records });
}

/** (b) Interface and union fragments written and read back through possibleTypes. */
async function fragments(client, log) {
  const problems = [];
  const answers = [];
  for (const view of [{}, { asOf: "part-2" }]) {
    const { apollo, wire } = await ask(client, log, FRAGMENTS, view);
    answers.push({ view, wire });
    const d = difference(apollo, wire);
    if (d) problems.push(`${JSON.stringify(view)}: Apollo's answer differs from the wire at ${d}`);
  }
  for (const { view, wire } of answers) {
    const cached = client.readQuery({ query: FRAGMENTS, variables: view });
    const d = cached === null ? "the cache has no complete answer" : difference(cached, wire);
    if (d) problems.push(`${JSON.stringify(view)}: the cache differs from the wire at ${d}`);
  }
  const data = client.readQuery({ query: FRAGMENTS, variables: {} }) ?? {};
  const madame = data.byAlias?.[0]?.node;
  if (madame?.__typename !== "Character" || !madame.name || !madame.description) {
    problems.push(`search "Marie-Claude": expected a Character with name and description, got ${JSON.stringify(madame)}`);
  }
  const quote = data.byQuote?.find((hit) => hit.node.__typename === "Quote")?.node;
  if (!quote?.text?.includes("river")) problems.push("search \"this river\": no Quote with its text");
  const others = (data.byAlias ?? []).concat(data.byQuote ?? []).map((h) => h.node);
  for (const node of others) {
    const fields = Object.keys(node).filter((k) => k !== "__typename");
    if (!["Character", "Quote"].includes(node.__typename) && fields.length) {
      problems.push(`a ${node.__typename} search hit has fields of another type's fragment: ${fields}`);
    }
  }
  if (data.path?.__typename !== "Path" || !(data.path.length > 0)) problems.push("rod to madame: expected a Path");
  const kinds = new Set((data.path?.nodes ?? []).map((n) => n.__typename));
  if (!kinds.has("Character") || !kinds.has("Group")) problems.push(`path nodes: expected characters and a group, got ${[...kinds]}`);
  for (const node of [...(data.path?.nodes ?? []), ...(data.groups?.edges ?? []).map((e) => e.node), ...(data.places?.edges ?? []).map((e) => e.node)]) {
    if (!node.name) problems.push(`${node.__typename} ${node.id}: no name from the Entity fragment`);
    const party = node.__typename === "Character" || node.__typename === "Group";
    if (party !== Boolean(node.neighbours)) problems.push(`${node.__typename} ${node.id}: the Party fragment ${party ? "missing" : "applied to a non-party"}`);
  }
  if ((data.places?.edges ?? []).length === 0) problems.push("no places to try the Entity fragment on");
  if (data.noPath?.__typename !== "NoPath" || data.noPath.reason !== "FILTERED_OUT") {
    problems.push(`kathy-h to ruths-possible without ruth-c: expected NoPath FILTERED_OUT, got ${JSON.stringify(data.noPath)}`);
  }
  return check("fragments", problems);
}

/** (c) Pages of three through relayStylePagination and fetchMore: every character once, in order, per view. */
async function pagination(client, base) {
  const problems = [];
  const views = [];
  for (const view of [{}, { asOf: "part-1" }]) {
    const all = await (await fetch(`${base}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: ALL, variables: view }),
    })).json();
    const expected = all.data.characters.edges.map((e) => e.node.slug);
    const observable = client.watchQuery({ query: PAGE, variables: { first: 3, ...view } });
    let seen = [];
    let merged;
    const complete = new Promise((resolve) => {
      merged = resolve;
    });
    const subscription = observable.subscribe(({ data }) => {
      seen = data?.characters?.edges ?? seen;
      if (seen.length === expected.length) merged();
    });
    try {
      let page = (await observable.refetch()).data.characters;
      let pages = 1;
      while (page.pageInfo.hasNextPage && pages < 100) {
        page = (await observable.fetchMore({ variables: { after: page.pageInfo.endCursor } })).data.characters;
        pages += 1;
      }
      // The watcher sees the merged list once the cache has broadcast the last page.
      await Promise.race([complete, new Promise((resolve) => setTimeout(resolve, 2000))]);
      const watched = seen.map((e) => e.node.slug);
      const cached = client.readQuery({ query: PAGE, variables: { first: 3, ...view } })?.characters;
      const slugs = (cached?.edges ?? []).map((e) => e.node.slug);
      const label = JSON.stringify(view);
      let d = difference(slugs, expected);
      if (d) problems.push(`${label}: the cached pages differ from one page of 100 at ${d}`);
      d = difference(watched, expected);
      if (d) problems.push(`${label}: the watched query's pages differ from one page of 100 at ${d}`);
      if (new Set(slugs).size !== slugs.length) problems.push(`${label}: a character came twice`);
      if (cached?.totalCount !== expected.length) problems.push(`${label}: totalCount ${cached?.totalCount} for ${expected.length}`);
      if (cached?.pageInfo?.hasNextPage !== false) problems.push(`${label}: the last page says there is more`);
      if (pages !== Math.ceil(expected.length / 3)) problems.push(`${label}: ${pages} pages for ${expected.length} characters`);
      views.push({ view, pages, characters: slugs.length });
    } finally {
      subscription.unsubscribe();
    }
  }
  if (views.length === 2 && views[0].characters <= views[1].characters) {
    problems.push("the whole story should have more characters than part 1: the views were merged");
  }
  return check("pagination", problems, { views });
}

/** (d) APQ: a new document costs NOT_FOUND and a retry with the text; afterwards its hash alone is enough. */
async function apq(base, schema) {
  const problems = [];
  const first = [];
  const a = makeClient(base, schema, first);
  const one = await a.query({ query: APQ_PROBE, variables: { slug: "ruth-c" } });
  const codes = first.map((r) => r.body?.errors?.[0]?.extensions?.code ?? "ok");
  if (first.length !== 2) problems.push(`first client: expected 2 requests, made ${first.length}`);
  if (first[0]?.hasQuery || !first[0]?.hash || codes[0] !== "PERSISTED_QUERY_NOT_FOUND") {
    problems.push(`first request should send only the hash and get PERSISTED_QUERY_NOT_FOUND: ${JSON.stringify(first[0])}`);
  }
  if (!first[1]?.hasQuery || first[1]?.hash !== first[0]?.hash || codes[1] !== "ok") {
    problems.push("the retry should send the text with the same hash and succeed");
  }
  if (one.data?.character?.slug !== "ruth-c") problems.push("the first client got no data back");
  const results = { first: first.map((r, i) => ({ method: r.method, query: r.hasQuery, hash: Boolean(r.hash), answer: codes[i] })) };
  for (const [label, getForHashed] of [["post", false], ["get", true]]) {
    const log = [];
    const b = makeClient(base, schema, log, { getForHashed });
    const two = await b.query({ query: APQ_PROBE, variables: { slug: "ruth-c" } });
    const answer = log[0]?.body?.errors?.[0]?.extensions?.code ?? "ok";
    if (log.length !== 1 || log[0].hasQuery || log[0].hash !== first[0]?.hash || answer !== "ok") {
      problems.push(`second client (${label}): expected one hash-only request that succeeds, got ${JSON.stringify(log.map((r) => [r.method, r.hasQuery, r.status, answer]))}`);
    }
    if (log[0] && log[0].method !== (getForHashed ? "GET" : "POST")) problems.push(`second client (${label}) used ${log[0].method}`);
    const d = difference(two.data, one.data);
    if (d) problems.push(`second client (${label}) got other data: ${d}`);
    results[label] = log.map((r) => ({ method: r.method, query: r.hasQuery, hash: Boolean(r.hash), answer }));
  }
  return check("apq", problems, results);
}

async function main() {
  const args = process.argv.slice(2);
  const base = (args.find((a) => !a.startsWith("--")) ?? "http://127.0.0.1:8000").replace(/\/$/, "");
  const idsIgnoreViews = args.includes("--ids-ignore-views");
  const noPossibleTypes = args.includes("--no-possible-types");
  const possibleTypes = await (await fetch(`${base}/schema/possible-types.json`)).json();
  const sdl = await (await fetch(`${base}/schema/schema.graphql`)).text();
  const connections = [...sdl.matchAll(/^type (\w+Connection)\b/gm)].map((m) => m[1]);
  const schema = { possibleTypes, connections };
  const log = [];
  const client = makeClient(base, schema, log, { idsIgnoreViews, noPossibleTypes });
  const checks = [
    await views(client, log),
    await fragments(client, log),
    await pagination(client, base),
    await apq(base, schema),
  ];
  const hashOnly = log.filter((r) => r.hash && !r.hasQuery);
  const report = {
    ok: checks.every((c) => c.ok),
    mode: args.filter((a) => a.startsWith("--")).join(" ") || "stock",
    cache: { possibleTypes: Object.keys(possibleTypes), mergedConnections: connections.length },
    checks,
    wire: {
      requests: log.length,
      hashOnly: hashOnly.length,
      notFound: log.filter((r) => r.body?.errors?.[0]?.extensions?.code === "PERSISTED_QUERY_NOT_FOUND").length,
      accept: [...new Set(log.map((r) => r.accept))],
      contentTypes: [...new Set(log.map((r) => r.contentType))],
      statuses: [...new Set(log.map((r) => r.status))],
    },
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  process.exitCode = report.ok ? 0 : 1;
}

main().catch((error) => {
  process.stdout.write(`${JSON.stringify({ ok: false, crash: String(error?.stack ?? error) }, null, 2)}\n`);
  process.exitCode = 2;
});
