//! `data/schema.json` is generated from the Rust types; it must not go stale,
//! and it must say what the loader enforces, so editors can check a dataset
//! while it is being written.

use greatgame::data;
use serde_json::Value;

const SHIPPED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/schema.json");

#[test]
fn shipped_schema_is_the_one_generated_from_the_types() {
    let fresh = data::schema_json();
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(SHIPPED, &fresh).expect("write data/schema.json");
        return;
    }
    let shipped = std::fs::read_to_string(SHIPPED).unwrap_or_default();
    assert!(
        shipped == fresh,
        "data/schema.json is stale: run `UPDATE_SCHEMA=1 cargo test --test schema` and commit the file"
    );
}

#[test]
fn schema_allows_fields_of_your_own_and_requires_what_the_loader_requires() {
    let schema: Value = serde_json::from_str(&data::schema_json()).unwrap();
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
    // Other tools' fields are kept (and written back), so the
    // schema must not reject them.
    assert_ne!(schema["additionalProperties"], false);
    let relation = &schema["definitions"]["Relation"];
    assert_ne!(relation["additionalProperties"], false);
    let required: Vec<&str> = relation["required"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    for field in ["id", "kind", "from", "to", "summary"] {
        assert!(required.contains(&field), "relation.{field} is required: {required:?}");
    }
    // A relation is backed by quotes, figures or both (the loader checks
    // that there is one): each list may be absent.
    assert!(!required.contains(&"evidence") && !required.contains(&"figures"), "{required:?}");
    let figure: Vec<&str> =
        schema["definitions"]["Figure"]["required"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    for field in ["measure", "value", "unit", "period", "source"] {
        assert!(figure.contains(&field), "figure.{field} is required: {figure:?}");
    }
    let evidence = &schema["definitions"]["Evidence"];
    let required = evidence["required"].as_array().unwrap();
    assert!(!required.contains(&Value::from("speaker")), "speaker is optional");
    let actor_required = schema["definitions"]["Actor"]["required"].as_array().unwrap();
    for field in ["capital", "lat", "lon"] {
        assert!(
            !actor_required.contains(&Value::from(field)),
            "actor.{field} is optional (actors that are not states)"
        );
    }
    let lat = &schema["definitions"]["Actor"]["properties"]["lat"];
    assert_eq!((lat["minimum"].as_f64(), lat["maximum"].as_f64()), (Some(-90.0), Some(90.0)));
    assert!(
        relation["properties"]["summary"]["description"].as_str().is_some_and(|d| d.contains("own words")),
        "fields carry their documentation"
    );
}
