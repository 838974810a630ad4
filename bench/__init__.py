"""Bancs d'essai et mesures de charge du portail (hors `make test`)."""
