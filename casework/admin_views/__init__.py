"""The window staff's work queue in the Wagtail admin (网上办事 → 办件队列)."""
