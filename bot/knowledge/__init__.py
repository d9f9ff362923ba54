"""The chairs' and curators' side: reading and validating the knowledge files, importing them
from upstream (sigs.yaml, KEPs, charters), keeping a running bot's knowledge fresh, and the
reports that say what to fix. The request path (model, query, matching, answers) sits below and
never imports from here."""
