"""Slack: Block Kit for answers, cards, App Home and the welcome. The only renderers that import
slack_sdk; they format the shared view model (render/cards.py) and wording (render/wording.py)."""
