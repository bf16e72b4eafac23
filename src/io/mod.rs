//! File formats: the only place they live.
