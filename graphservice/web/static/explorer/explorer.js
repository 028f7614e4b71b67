/*
 * The explorer's GraphQL client. Every request the page makes goes through `gql()`, and each
 * query it sends is a named constant with a comment on what it asks and why:
 *
 *   WORKS_QUERY   the catalogue: works, their titles, sizes and periods (work selector, slider)
 *   WORK_QUERY    one work of a large library, by slug, with the same fields
 *   GRAPH_QUERY   one view of the graph: nodes with the server's layout, edges, a legend of kinds
 *   NODE_QUERY    one node's details for the side panel: relationships with evidence, quotes
 *   PAIR_QUERY    the relationships joining two nodes, with evidence (a bundled line, expanded)
 *   PATH_QUERY    the shortest path between two nodes, or the reason there is none
 *   SEARCH_QUERY  typo-tolerant search by name, alias or text
 *   LIBRARY_QUERY the library view: works a page at a time, filtered by words, without loading any
 *   COMPARE_QUERY network measures of the works listed, side by side, for the comparison table
 *
 * Every query carries the same `asOf` as the map, so nothing the panel shows gets ahead of the
 * reader. Connections are asked for with `first:` so each query stays inside the server's cost
 * limit (an unbounded connection is costed at 100 items).
 */

const ENDPOINT = "/graphql";

/** An answer the API refused or could not give, with the codes of its errors. */
export class ApiError extends Error {
  constructor(message, codes) {
    super(message);
    this.name = "ApiError";
    this.codes = codes || [];
  }
}

/**
 * Send one operation and return its `data`. GraphQL reports failures in an `errors` list, often
 * with an HTTP 200, so the list is checked whatever the status; each error's `extensions.code`
 * (NOT_FOUND, BAD_USER_INPUT, QUERY_TOO_COMPLEX, ...) is kept for the message.
 */
export async function gql(query, variables) {
  let response;
  try {
    response = await fetch(ENDPOINT, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        // The GraphQL-over-HTTP media type: refused operations come back as 400 with a body.
        Accept: "application/graphql-response+json, application/json;q=0.9",
      },
      body: JSON.stringify({ query, variables }),
    });
  } catch (err) {
    throw new ApiError(`Could not reach the GraphQL API (${err.message}).`);
  }
  let payload;
  try {
    payload = await response.json();
  } catch (err) {
    throw new ApiError(`The GraphQL API answered ${response.status} without JSON.`);
  }
  if (payload.errors && payload.errors.length) {
    const codes = payload.errors.map((e) => (e.extensions && e.extensions.code) || "ERROR");
    const text = payload.errors.map((e, i) => `${e.message} [${codes[i]}]`).join("; ");
    throw new ApiError(text, codes);
  }
  if (!payload.data) {
    throw new ApiError(`The GraphQL API answered ${response.status} with no data.`);
  }
  return payload.data;
}

// The works served (the first hundred: a large library is browsed in the library view): titles,
// authors and sizes for the work selector, and their periods in reading order (the slider's
// steps; their slugs are what `asOf` takes everywhere else).
export const WORKS_QUERY = `
  query ExplorerWorks {
    library(first: 100) {
      edges { node { ...ExplorerWork } }
    }
  }
  fragment ExplorerWork on Work {
    slug
    title
    author
    year
    characterCount
    relationshipCount
    periods { slug name position }
  }`;

// One work by slug, the same fields: one the URL or the library view names beyond those above.
// (Written out again, not shared through a template: the trusted-documents manifest and the
// tests read each document from this file as it stands.)
export const WORK_QUERY = `
  query ExplorerOneWork($work: String!) {
    work(slug: $work) {
      slug
      title
      author
      year
      characterCount
      relationshipCount
      periods { slug name position }
    }
  }`;

// One view of the graph. `x`/`y` come from a layout computed once on the server with a fixed
// seed, so every client draws the same picture and a node keeps its place in every view.
// `size` (1 to 10) follows the `sizeBy` centrality measure; `kinds` lists the edge kinds present,
// with their meaning and whether they are directed, ready for a legend. With `asOf`, whatever
// the reader has not met by the end of that period is left out.
export const GRAPH_QUERY = `
  query ExplorerGraph(
    $work: String
    $asOf: String
    $includePlaces: Boolean!
    $sizeBy: CentralityMeasure!
  ) {
    graph(work: $work, asOf: $asOf, includePlaces: $includePlaces, sizeBy: $sizeBy) {
      sizeBy
      nodes { entityId slug label kind x y size community centrality }
      edges {
        recordId slug source target category kind directed sentiment weight active
        revealed { slug name }
      }
      kinds { kind category directed meaning count }
    }
  }`;

// One node's details, fetched by the global id the graph gave it. The fragments pick what each
// kind of node has: relationships (memberships included) for characters and groups, quotes and
// place links for characters, links and quotes for places. Evidence is the source's own words
// with a locator (the heading of the section it comes from).
export const NODE_QUERY = `
  query ExplorerNode($id: ID!, $asOf: String) {
    node(id: $id) {
      __typename
      ... on Entity {
        slug
        name
        aliases
        description
        introduced { name }
      }
      ... on Party {
        relationships(asOf: $asOf, first: 100) {
          totalCount
          edges {
            node {
              id kind meaning directed sentiment active note
              source { slug name }
              target { slug name }
              revealed { name }
              evidence { text locator }
            }
          }
        }
      }
      ... on Character {
        roles
        quotes(asOf: $asOf, first: 50) {
          totalCount
          edges { node { ...ExplorerQuote } }
        }
        places(asOf: $asOf, first: 50) {
          totalCount
          edges {
            node {
              id kind meaning active
              place { slug name }
              evidence { text locator }
            }
          }
        }
      }
      ... on Place {
        kind
        within { slug name }
        links(asOf: $asOf, first: 100) {
          totalCount
          edges {
            node {
              id kind meaning active
              character { slug name }
              evidence { text locator }
            }
          }
        }
        quotes(asOf: $asOf, first: 50) {
          totalCount
          edges { node { ...ExplorerQuote } }
        }
      }
    }
  }

  fragment ExplorerQuote on Quote {
    id text kind disputed locators
    speaker { slug name }
    addressees { slug name }
  }`;

// The relationships joining two nodes directly (one bundled line on the map), each with its
// evidence, for the panel that opens when a line is selected. `explainConnection` also gives the
// path and what the two share; only the direct records are asked for here.
export const PAIR_QUERY = `
  query ExplorerPair($work: String, $a: String!, $b: String!, $asOf: String, $includePlaces: Boolean!) {
    explainConnection(work: $work, a: $a, b: $b, asOf: $asOf, includePlaces: $includePlaces) {
      relationships {
        id slug kind meaning directed sentiment active note
        source { slug name }
        target { slug name }
        revealed { name }
        evidence { text locator }
      }
      placeLinks {
        id slug kind meaning active
        character { slug name }
        place { slug name }
        evidence { text locator }
      }
    }
  }`;

// The shortest path between two nodes. The answer is a union: a `Path` whose steps carry the
// relationships (or place links) crossed, their evidence and linked quotes, or a `NoPath` whose
// `reason` says why there is none (NOT_YET_MET, HIDDEN_BY_VIEW, FILTERED_OUT, DISCONNECTED, ...).
// `kinds` restricts the walk to the relationship kinds shown on the map.
export const PATH_QUERY = `
  query ExplorerPath(
    $work: String
    $from: String!
    $to: String!
    $asOf: String
    $includePlaces: Boolean!
    $kinds: [RelationshipKind!]
  ) {
    shortestPath(
      work: $work
      from: $from
      to: $to
      asOf: $asOf
      includePlaces: $includePlaces
      kinds: $kinds
    ) {
      __typename
      ... on Path {
        length
        steps {
          from { slug name }
          to { slug name }
          forward
          relationship { kind meaning }
          relationships { id slug }
          placeLinks { id slug kind meaning }
          evidence { text locator }
          quotes { id text speaker { name } }
        }
      }
      ... on NoPath { reason message }
    }
  }`;

// Search names, aliases, descriptions and quotes, best match first. A quote hit leads to its
// speaker, so it can still select a node on the map.
export const SEARCH_QUERY = `
  query ExplorerSearch($work: String, $text: String!, $asOf: String) {
    search(work: $work, text: $text, asOf: $asOf, limit: 8) {
      field
      matched
      node {
        __typename
        ... on Entity { slug name }
        ... on Quote { speaker { slug name } }
      }
    }
  }`;

// The library, a page at a time: the listing the server keeps of every work, so no work is loaded
// to answer it. `text` keeps the works whose title, author and description hold all its words;
// `after` is the last page's `endCursor`.
export const LIBRARY_QUERY = `
  query ExplorerLibrary($text: String, $first: Int!, $after: String) {
    library(text: $text, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node { id slug title author year characterCount relationshipCount quoteCount }
      }
    }
  }`;

// The same measures of each work's character network, in the order of `works`. The slugs are
// always passed: asked without them, the server compares every work it serves, which it refuses
// for a big library (and which would load every work).
export const COMPARE_QUERY = `
  query ExplorerCompare($works: [String!]!) {
    compare(works: $works) {
      work { slug title }
      characters
      pairs
      relationships
      density
      clustering
      centralisation
      mainCharacter { slug name }
      mainShare
      communities
      kinds { kind share }
    }
  }`;
