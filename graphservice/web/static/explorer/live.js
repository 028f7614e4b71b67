/*
 * Live updates for the explorer: it subscribes to the server's data version over WebSocket (the
 * graphql-transport-ws protocol, with the graphql-ws library's client) and, when a reload swaps
 * in new data, calls back so the page can fetch its view again. Without the library or a socket
 * the page simply stays as it is.
 */
(function () {
  "use strict";

  // The data version now, then each new one. The explorer redraws when it changes.
  const DATA_VERSION_SUBSCRIPTION = `
    subscription ExplorerDataVersion {
      dataVersion { version changedWorks }
    }`;

  /** Call `onChange(dataVersion)` whenever the served data version changes; returns a stop function. */
  function watchDataVersion(onChange) {
    if (!window.graphqlWs || !window.WebSocket) return () => {};
    const url = new URL("/graphql", window.location.href);
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    const client = window.graphqlWs.createClient({
      url: url.href,
      lazy: false,
      retryAttempts: Infinity, // a restarted server (a new worker, a deploy) is met again
      shouldRetry: () => true,
    });
    let seen = null;
    const stop = client.subscribe(
      { query: DATA_VERSION_SUBSCRIPTION },
      {
        next: ({ data }) => {
          const current = data && data.dataVersion;
          if (!current) return;
          const changed = seen !== null && current.version !== seen;
          seen = current.version;
          live.version = seen;
          if (changed) onChange(current);
        },
        error: () => {}, // retried by the client; the page keeps what it shows meanwhile
        complete: () => {},
      },
    );
    return () => {
      stop();
      client.dispose();
    };
  }

  const live = { version: null, watchDataVersion, DATA_VERSION_SUBSCRIPTION };
  window.explorerLive = live;
})();
