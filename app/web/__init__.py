"""The web layer every area shares: rendering, guards, error pages, forms, navigation, rate limits. Imports no area."""
