"""Lire les liens signés cités dans un courriel.

Un jeton signé porte l'heure de sa signature : en refaire un dans le test et le
comparer au texte du courriel échoue dès que la seconde a tourné entre les deux.
On extrait donc le jeton du courriel, et le test vérifie ce qu'il contient."""

import re

from django.urls import reverse


def jeton_du_lien(texte: str, nom_url: str) -> str:
    """Le jeton de l'unique lien `nom_url` (une vue à un argument) cité dans `texte`."""
    prefixe = reverse(nom_url, args=["JETON"]).split("JETON")[0]
    (jeton,) = set(re.findall(re.escape(prefixe) + r"([\w.:-]+)/", texte))
    return jeton
