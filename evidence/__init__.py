"""evidence: extract checkable claims from medical documents, keep their exact
provenance, trace them to the studies behind them and flag distortions."""

__version__ = "0.1.0"
