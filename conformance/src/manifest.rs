//! The implementations the runner knows: one manifest per implementation,
//! discovered under `conformance/impls/`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use conformance::MANIFEST_GROUPS;
use serde::Deserialize;
use serde_json::Value;

#[derive(Debug, Clone, Deserialize)]
pub struct Manifest {
    pub name: String,
    pub kind: Kind,
    #[serde(default)]
    pub requires: Vec<String>,
    #[serde(default)]
    pub prepare: Option<Vec<String>>,
    pub command: Vec<String>,
    #[serde(default = "all_groups")]
    pub groups: Vec<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(skip)]
    pub source: PathBuf,
}

fn all_groups() -> Vec<String> {
    MANIFEST_GROUPS.iter().map(|g| g.to_string()).collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Ours,
    Snippet,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Ours => "ours",
            Kind::Snippet => "snippet",
        }
    }
}

/// Every manifest under `conformance/impls/`, sorted: ours first, then by
/// name. A file holds one manifest object or an array of them.
pub fn discover(root: &Path) -> Result<Vec<Manifest>, String> {
    let dir = root.join("conformance/impls");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| format!("cannot list {}: {e}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    let mut manifests = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
        let value: Value = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", file.display()))?;
        let items = match value {
            Value::Array(items) => items,
            single => vec![single],
        };
        for item in items {
            let mut manifest: Manifest =
                serde_json::from_value(item).map_err(|e| format!("{}: bad manifest: {e}", file.display()))?;
            if manifest.command.is_empty() {
                return Err(format!("{}: {}: empty command", file.display(), manifest.name));
            }
            manifest.source = file.strip_prefix(root).unwrap_or(&file).to_path_buf();
            manifests.push(manifest);
        }
    }
    let mut seen = HashMap::new();
    for m in &manifests {
        if let Some(previous) = seen.insert(m.name.clone(), m.source.clone()) {
            return Err(format!(
                "implementation {:?} is defined twice ({} and {})",
                m.name,
                previous.display(),
                m.source.display()
            ));
        }
    }
    manifests.sort_by(|a, b| (a.kind != Kind::Ours, &a.name).cmp(&(b.kind != Kind::Ours, &b.name)));
    Ok(manifests)
}
