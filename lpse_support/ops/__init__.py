"""Operator's tools (issue 15): liveness, readiness and Prometheus metrics endpoints."""
