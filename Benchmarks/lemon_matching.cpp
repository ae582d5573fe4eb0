// LEMON's maximum-weight matching on a general graph, for
// Benchmarks/compare_pool_peers.py.
//
// Input (stdin, binary, little-endian signed 64-bit integers):
//     n  m  u_1 v_1 w_1  ...  u_m v_m w_m
// with vertices 0..n-1 and integer weights (no self-loops, no parallel edges).
//
// Output (stdout, one JSON object):
//     weight         total weight of the matching, recomputed here from the
//                    matched edges (not LEMON's own matchingWeight())
//     lemon_weight   LEMON's matchingWeight(), for comparison
//     dual_value_scaled, dual_scale
//                    LEMON's dualValue() and dualScale: with integer weights
//                    LEMON keeps the duals multiplied by dualScale = 4 (so that
//                    they stay integral), and at an optimum
//                    dual_value_scaled == dual_scale * weight
//     matched_pairs  number of matched edges
//     solve_seconds  wall time of init()+start() (or run()) only: reading the
//                    input and building the graph are excluded
//     build_seconds  reading the input and building the SmartGraph
//     peak_rss_mb    peak resident set size of this process: VmHWM of
//                    /proc/self/status (not getrusage's ru_maxrss, which Linux
//                    carries over an exec from the parent that spawned us, so
//                    it would report the Python harness's peak instead)
//     pairs          [[u, v], ...] with u < v
// Exit status 0 on success, 2 on bad input, 3 when the matching is invalid
// (a vertex matched twice, or a mate relation that is not symmetric).
//
// Options: --plain-init   init()+start() (no jump start); the default is
//                         run() = fractionalInit()+start(), LEMON's own default.
//          --no-pairs     omit "pairs" from the output.
//
// Build: g++ -O2 -std=c++17 lemon_matching.cpp -o lemon_matching
// (LEMON is header-only for this; Debian: apt-get install liblemon-dev.)
#include <lemon/matching.h>
#include <lemon/smart_graph.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <vector>

using Graph = lemon::SmartGraph;
using WeightMap = Graph::EdgeMap<long long>;
using Matching = lemon::MaxWeightedMatching<Graph, WeightMap>;

static bool read_exact(void* buf, size_t bytes) {
  return std::fread(buf, 1, bytes, stdin) == bytes;
}

// Peak resident set size in MB (VmHWM), or -1 when /proc is unavailable.
static double peak_rss_mb() {
  FILE* f = std::fopen("/proc/self/status", "r");
  if (!f) return -1;
  char line[256];
  double mb = -1;
  while (std::fgets(line, sizeof line, f)) {
    long kb;
    if (std::sscanf(line, "VmHWM: %ld kB", &kb) == 1) { mb = kb / 1024.0; break; }
  }
  std::fclose(f);
  return mb;
}

static double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

int main(int argc, char** argv) {
  bool plain_init = false, with_pairs = true;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--plain-init")) plain_init = true;
    else if (!std::strcmp(argv[i], "--no-pairs")) with_pairs = false;
    else { std::fprintf(stderr, "unknown option %s\n", argv[i]); return 2; }
  }

  auto t_build = std::chrono::steady_clock::now();
  int64_t header[2];
  if (!read_exact(header, sizeof header)) { std::fprintf(stderr, "missing header n m\n"); return 2; }
  const int64_t n = header[0], m = header[1];
  if (n < 0 || m < 0 || n > INT32_MAX || m > INT32_MAX) { std::fprintf(stderr, "bad n=%lld m=%lld\n", (long long)n, (long long)m); return 2; }

  Graph g;
  g.reserveNode(static_cast<int>(n));
  g.reserveEdge(static_cast<int>(m));
  std::vector<Graph::Node> nodes(n);
  for (int64_t i = 0; i < n; ++i) nodes[i] = g.addNode();

  // Edges are read in chunks and added as they come; their weights are kept
  // by edge id and copied into the EdgeMap once the graph is complete.
  std::vector<long long> weight_by_id(m);
  std::vector<int64_t> chunk(3 * 65536);
  for (int64_t done = 0; done < m;) {
    const int64_t k = std::min<int64_t>(65536, m - done);
    if (!read_exact(chunk.data(), sizeof(int64_t) * 3 * k)) { std::fprintf(stderr, "input ends after %lld of %lld edges\n", (long long)done, (long long)m); return 2; }
    for (int64_t e = 0; e < k; ++e) {
      const int64_t u = chunk[3 * e], v = chunk[3 * e + 1];
      if (u < 0 || v < 0 || u >= n || v >= n || u == v) { std::fprintf(stderr, "bad edge %lld %lld\n", (long long)u, (long long)v); return 2; }
      Graph::Edge edge = g.addEdge(nodes[u], nodes[v]);
      weight_by_id[g.id(edge)] = chunk[3 * e + 2];
    }
    done += k;
  }
  WeightMap weight(g);
  for (Graph::EdgeIt e(g); e != lemon::INVALID; ++e) weight[e] = weight_by_id[g.id(e)];
  std::vector<long long>().swap(weight_by_id);
  const double build_seconds = seconds_since(t_build);

  Matching mwm(g, weight);
  auto t_solve = std::chrono::steady_clock::now();
  if (plain_init) { mwm.init(); mwm.start(); }
  else mwm.run();
  const double solve_seconds = seconds_since(t_solve);

  // The weight is recomputed from the matched edges, and the matching is
  // checked: every vertex at most once, and mate(mate(v)) == v.
  std::vector<char> used(n, 0);
  std::vector<std::pair<int, int>> pairs;
  long long total = 0;
  for (Graph::EdgeIt e(g); e != lemon::INVALID; ++e) {
    if (!mwm.matching(e)) continue;
    int u = g.id(g.u(e)), v = g.id(g.v(e));
    if (used[u] || used[v]) { std::fprintf(stderr, "vertex matched twice (%d, %d)\n", u, v); return 3; }
    used[u] = used[v] = 1;
    if (mwm.mate(g.u(e)) != g.v(e) || mwm.mate(g.v(e)) != g.u(e)) { std::fprintf(stderr, "asymmetric mate (%d, %d)\n", u, v); return 3; }
    total += weight[e];
    pairs.emplace_back(std::min(u, v), std::max(u, v));
  }
  for (int64_t i = 0; i < n; ++i)
    if (!used[i] && mwm.mate(nodes[i]) != lemon::INVALID) { std::fprintf(stderr, "vertex %lld has a mate but no matched edge\n", (long long)i); return 3; }

  std::printf("{\"n\": %lld, \"m\": %lld, \"weight\": %lld, \"lemon_weight\": %lld, \"dual_value_scaled\": %lld, "
              "\"dual_scale\": %d, \"matched_pairs\": %zu, \"init\": \"%s\", \"solve_seconds\": %.6f, "
              "\"build_seconds\": %.6f, \"peak_rss_mb\": %.1f",
              (long long)n, (long long)m, total, (long long)mwm.matchingWeight(),
              (long long)mwm.dualValue(), Matching::dualScale, pairs.size(),
              plain_init ? "init+start" : "run (fractionalInit+start)", solve_seconds, build_seconds,
              peak_rss_mb());
  if (with_pairs) {
    std::printf(", \"pairs\": [");
    for (size_t i = 0; i < pairs.size(); ++i) std::printf("%s[%d, %d]", i ? ", " : "", pairs[i].first, pairs[i].second);
    std::printf("]");
  }
  std::printf("}\n");
  return 0;
}
