//! Widget presets.
