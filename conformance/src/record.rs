//! The recorded outcome of every snippet on every vector
//! (`conformance/snippets/outcomes.json`): read by every run, written by `--record`.

use std::collections::BTreeMap;
use std::path::Path;

use conformance::{GROUPS, Group, Outcome};
use serde_json::{Map, Value};

use crate::harness::Status;
use crate::manifest::Kind;
use crate::report::Row;

pub const RECORD_PATH: &str = "conformance/snippets/outcomes.json";

/// `{ snippet: { group: { class: [ids] | { id: detail } } } }`: classes
/// without a useful detail (same, accepted, unsupported) list ids; the others
/// (other, error, refused) map each id to its hash or message.
pub type Record = Map<String, Value>;

pub fn load_record(root: &Path) -> Result<Record, String> {
    let path = root.join(RECORD_PATH);
    if !path.exists() {
        return Ok(Map::new());
    }
    let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot read {RECORD_PATH}: {e}"))?;
    let value: Value = serde_json::from_str(&text).map_err(|e| format!("{RECORD_PATH}: {e}"))?;
    Ok(value.get("snippets").and_then(Value::as_object).cloned().unwrap_or_default())
}

pub fn recorded_class(record: &Record, snippet: &str, group: Group, id: &str) -> Option<String> {
    let classes = record.get(snippet)?.get(group.as_str())?.as_object()?;
    classes.iter().find_map(|(class, ids)| {
        let listed = match ids {
            Value::Array(list) => list.iter().any(|v| v.as_str() == Some(id)),
            Value::Object(map) => map.contains_key(id),
            _ => false,
        };
        listed.then(|| class.clone())
    })
}

fn with_detail(class: &str) -> bool {
    !matches!(class, "same" | "accepted" | "unsupported")
}

fn record_of(outcomes: &[(Group, String, Outcome)]) -> Value {
    let mut groups = Map::new();
    for group in GROUPS {
        let mut classes: BTreeMap<&str, Value> = BTreeMap::new();
        for (_, id, outcome) in outcomes.iter().filter(|(g, _, _)| *g == group) {
            let class = outcome.class();
            if with_detail(class) {
                let slot = classes.entry(class).or_insert_with(|| Value::Object(Map::new()));
                if let Value::Object(map) = slot {
                    map.insert(id.clone(), Value::String(outcome.detail().unwrap_or_default()));
                }
            } else {
                let slot = classes.entry(class).or_insert_with(|| Value::Array(Vec::new()));
                if let Value::Array(list) = slot {
                    list.push(Value::String(id.clone()));
                }
            }
        }
        if !classes.is_empty() {
            groups.insert(
                group.as_str().to_string(),
                Value::Object(classes.into_iter().map(|(k, v)| (k.to_string(), v)).collect()),
            );
        }
    }
    Value::Object(groups)
}

pub fn write_record(root: &Path, mut record: Record, rows: &[Row]) -> Result<usize, String> {
    let mut written = 0;
    for row in rows {
        if let (Kind::Snippet, Status::Ran { outcomes, problems }) = (row.manifest.kind, &row.status)
            && problems.is_empty()
        {
            record.insert(row.manifest.name.clone(), record_of(outcomes));
            written += 1;
        }
    }
    // Hand-formatted so that a diff shows one line per changed outcome.
    let json = |v: &Value| serde_json::to_string(v).unwrap_or_default();
    let about = "Outcome of each published snippet on each corpus vector, compared by the conformance runner. Rewrite with: cargo run -p conformance --release -- --record";
    let mut text =
        format!("{{\n  \"format\": 1,\n  \"about\": {},\n  \"snippets\": {{", json(&Value::String(about.into())));
    let snippets: BTreeMap<String, Value> = record.into_iter().collect();
    for (i, (name, groups)) in snippets.iter().enumerate() {
        text.push_str(if i == 0 { "\n" } else { ",\n" });
        text.push_str(&format!("    {}: {{", json(&Value::String(name.clone()))));
        let groups = groups.as_object().cloned().unwrap_or_default();
        for (j, (group, classes)) in groups.iter().enumerate() {
            text.push_str(if j == 0 { "\n" } else { ",\n" });
            text.push_str(&format!("      {}: {{", json(&Value::String(group.clone()))));
            let classes = classes.as_object().cloned().unwrap_or_default();
            for (k, (class, ids)) in classes.iter().enumerate() {
                text.push_str(if k == 0 { "\n" } else { ",\n" });
                let key = json(&Value::String(class.clone()));
                match ids {
                    Value::Object(map) => {
                        text.push_str(&format!("        {key}: {{"));
                        for (l, (id, detail)) in map.iter().enumerate() {
                            text.push_str(if l == 0 { "\n" } else { ",\n" });
                            text.push_str(&format!("          {}: {}", json(&Value::String(id.clone())), json(detail)));
                        }
                        text.push_str("\n        }");
                    }
                    other => text.push_str(&format!("        {key}: {}", json(other))),
                }
            }
            text.push_str("\n      }");
        }
        text.push_str("\n    }");
    }
    text.push_str("\n  }\n}\n");
    std::fs::write(root.join(RECORD_PATH), text).map_err(|e| format!("cannot write {RECORD_PATH}: {e}"))?;
    Ok(written)
}
