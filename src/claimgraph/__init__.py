"""claimgraph: a sourced, auditable picture of a developing story from a pile of articles."""

__version__ = "0.1.0"
