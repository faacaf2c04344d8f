//! Graph queries on the AFP dispatch's relations: what the relations pane
//! will list.

mod common;

use greatgame::graph::{Arrow, Direction, InfluenceGraph, KindFilter};

fn article() -> InfluenceGraph {
    InfluenceGraph::new(common::article())
}

fn kind(g: &InfluenceGraph, id: &str) -> usize {
    g.data.kinds.iter().position(|k| k.id == id).unwrap()
}

fn names(g: &InfluenceGraph, actor: &str, kinds: &KindFilter, dir: Direction) -> Vec<String> {
    let a = g.find(actor).unwrap();
    g.links(a, kinds, dir).iter().map(|l| g.actor(l.counterpart).id.clone()).collect()
}

const CENTRAL_ASIA: [&str; 5] = ["KAZ", "KGZ", "TJK", "TKM", "UZB"];

#[test]
fn with_only_arms_china_and_turkey_supply_all_five_central_asian_states() {
    let g = article();
    let arms = KindFilter::only(g.data.kinds.len(), kind(&g, "arms"));
    for state in CENTRAL_ASIA {
        let mut suppliers = names(&g, state, &arms, Direction::Incoming);
        suppliers.sort();
        assert_eq!(suppliers, ["CHN", "TUR"], "arms suppliers of {state}");
        assert!(names(&g, state, &arms, Direction::Outgoing).is_empty(), "{state} supplies no arms");
    }
    // ... and the claim is regional, not about each state by name.
    let kaz = g.find("KAZ").unwrap();
    for link in g.links(kaz, &arms, Direction::All) {
        assert_eq!(g.regional_group(link.edge).map(|gr| gr.id.as_str()), Some("central-asia"));
        assert_eq!(link.arrow, Arrow::In);
    }
}

#[test]
fn a_group_relation_expands_to_one_edge_per_member() {
    let g = article();
    let eu = g.find("EU").unwrap();
    let investment = KindFilter::only(g.data.kinds.len(), kind(&g, "investment"));
    let links = g.links(eu, &investment, Direction::Outgoing);
    let targets: Vec<&str> = links.iter().map(|l| g.actor(l.counterpart).id.as_str()).collect();
    assert_eq!(targets, CENTRAL_ASIA);
    assert!(links.iter().all(|l| g.relation(l.edge).id == "eu-investment-central-asia"));
}

#[test]
fn the_nuclear_plant_is_a_country_specific_russian_investment_in_kazakhstan() {
    let g = article();
    let kaz = g.find("KAZ").unwrap();
    let investment = KindFilter::only(g.data.kinds.len(), kind(&g, "investment"));
    let from_russia: Vec<_> = g
        .links(kaz, &investment, Direction::Incoming)
        .into_iter()
        .filter(|l| g.actor(l.counterpart).id == "RUS")
        .collect();
    assert_eq!(from_russia.len(), 1);
    assert_eq!(g.regional_group(from_russia[0].edge), None);
    assert_eq!(g.counterpart(from_russia[0].edge, kaz), g.find("RUS").unwrap());
    assert_eq!(g.counterpart(from_russia[0].edge, g.find("RUS").unwrap()), kaz);
}

#[test]
fn undirected_trade_shows_under_either_direction_without_an_arrow() {
    let g = article();
    let trade = KindFilter::only(g.data.kinds.len(), kind(&g, "trade"));
    // Stored as RUS -> central-asia, but trade is undirected.
    for dir in [Direction::All, Direction::Outgoing, Direction::Incoming] {
        let partners = names(&g, "KAZ", &trade, dir);
        assert!(partners.contains(&"RUS".to_string()), "{dir:?}: {partners:?}");
    }
    let kaz = g.find("KAZ").unwrap();
    assert!(g.links(kaz, &trade, Direction::All).iter().all(|l| l.arrow == Arrow::Both));
}

#[test]
fn migration_points_from_central_asia_to_russia() {
    let g = article();
    let migration = KindFilter::only(g.data.kinds.len(), kind(&g, "migration"));
    assert_eq!(names(&g, "RUS", &migration, Direction::Incoming), CENTRAL_ASIA);
    assert!(names(&g, "RUS", &migration, Direction::Outgoing).is_empty());
    assert_eq!(names(&g, "TJK", &migration, Direction::Outgoing), ["RUS"]);
}

#[test]
fn counts_per_kind_add_up_to_the_unfiltered_list() {
    let g = article();
    for a in g.graph.node_indices() {
        for dir in [Direction::All, Direction::Outgoing, Direction::Incoming] {
            let counts = g.counts_per_kind(a, dir);
            let all = g.links(a, &KindFilter::all(g.data.kinds.len()), dir).len();
            assert_eq!(counts.iter().sum::<usize>(), all);
        }
    }
    // The precomputed count agrees with the list under every filter.
    for a in g.graph.node_indices() {
        for mask in 0..16u32 {
            let mut kinds = KindFilter::all(4);
            (0..4).filter(|k| mask & (1 << k) != 0).for_each(|k| kinds.toggle(k));
            for dir in [Direction::All, Direction::Outgoing, Direction::Incoming] {
                assert_eq!(g.count(a, &kinds, dir), g.links(a, &kinds, dir).len());
            }
        }
    }
    // Turkey: arms to five states, nothing else in the article.
    let tur = g.find("TUR").unwrap();
    assert_eq!(g.counts_per_kind(tur, Direction::All), [0, 5, 0, 0]);
}

#[test]
fn an_empty_kind_filter_lists_nothing() {
    let g = article();
    let mut none = KindFilter::all(g.data.kinds.len());
    for k in 0..g.data.kinds.len() {
        none.toggle(k);
    }
    for a in g.graph.node_indices() {
        assert!(g.links(a, &none, Direction::All).is_empty());
    }
}

/// The tallies made at load agree with walking the actor's edges, for every
/// actor, filter and direction, on a synthetic dataset with groups.
#[test]
fn pair_tallies_agree_with_the_edges() {
    use greatgame::synth::{Params, generate};
    use std::collections::HashMap;
    let g = InfluenceGraph::new(generate(&Params { actors: 40, relations: 400, quotes_per_relation: 1, seed: 7 }));
    let n = g.data.kinds.len();
    for a in g.graph.node_indices() {
        for mask in [0u32, 1, 5, 15] {
            let mut kinds = KindFilter::all(n);
            (0..n).filter(|k| mask & (1 << k) != 0).for_each(|k| kinds.toggle(k));
            for dir in [Direction::All, Direction::Outgoing, Direction::Incoming] {
                let mut expected: HashMap<_, Vec<(usize, bool)>> = HashMap::new();
                for l in g.links(a, &kinds, dir) {
                    let e = g.edge(l.edge);
                    let cell = expected.entry(l.counterpart).or_insert_with(|| vec![(0, false); n]);
                    cell[e.kind].0 += 1;
                    cell[e.kind].1 |= e.regional.is_none();
                }
                let all: Vec<_> = g.graph.node_indices().collect();
                let m = g.matrix_cells(&[a], &all, &kinds, dir);
                let got: Vec<_> =
                    all.iter().enumerate().filter_map(|(i, &c)| m.cell(0, i).map(|cell| (c, cell))).collect();
                assert_eq!(got.len(), expected.len());
                for (c, cell) in got {
                    for (k, tie) in cell.iter().enumerate() {
                        let (edges, country) = expected[&c][k];
                        assert_eq!(tie.map_or(0, |t| t.edges), edges);
                        if let Some(t) = tie {
                            assert_eq!(t.scope == greatgame::graph::Scope::Country, country);
                        }
                    }
                }
            }
        }
    }
}
