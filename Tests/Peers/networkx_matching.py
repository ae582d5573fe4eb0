#!/usr/bin/env python3
"""Maximum-weight matching of each graph in a JSON file, by networkx.

Input: a JSON array of {"n": people, "edges": [[i, j, w], ...]} with integer
weights (networkx is exact on integers). Output: one line per graph, the
total weight of networkx.max_weight_matching (maxcardinality=False), and the
number of pairs. Used by the Swift tests (PeerAgreementTests) as an
independent peer of the blossom solver.
"""
import json
import sys

import networkx as nx


def main(path):
    with open(path) as f:
        graphs = json.load(f)
    for g in graphs:
        G = nx.Graph()
        G.add_nodes_from(range(g["n"]))
        for i, j, w in g["edges"]:
            G.add_edge(i, j, weight=w)
        m = nx.max_weight_matching(G, maxcardinality=False)
        print(sum(G[i][j]["weight"] for i, j in m), len(m))


if __name__ == "__main__":
    main(sys.argv[1])
