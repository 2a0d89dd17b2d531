"""The read-only plans JSON API under /api/plans/: plans with their element trees, actions with their
computed status, boards and meetings, each as `plans.selectors` lets the caller see them."""
