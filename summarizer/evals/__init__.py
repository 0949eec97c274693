"""The eval harness: gold briefs, model-free scoring, reports and the regression gate."""
