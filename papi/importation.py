"""Import en masse d'un fichier au standard national (commande importer_lieux).

Chaque ligne passe par papi.validation.valider_ligne, comme dans l'import de
l'administration (papi.ressources) : une ligne reçoit le même verdict par les
deux chemins. L'écriture se fait d'un bloc, par papi.services.lieux_enregistrer
(requêtes groupées, une seule transaction) : un import est appliqué en entier ou
pas du tout.
"""

import csv
import io
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from django.utils.translation import gettext as _

from papi.models import Lieu
from papi.referentiel import COLONNES, champ_de_la_colonne
from papi.services import lieux_enregistrer
from papi.validation import OBLIGATOIRES, valider_ligne

SEPARATEURS = [",", ";"]  # « , » : le standard ; « ; » : ses premières versions


class FichierIllisible(Exception):
    """Le fichier ne peut pas être lu comme un fichier au standard ; le message
    est en français, prêt à montrer."""


@dataclass
class LigneRefusee:
    ligne: int  # numéro de ligne dans le fichier, l'en-tête étant la ligne 1
    raisons: list[str]

    def __str__(self) -> str:
        return _("ligne %(numero)s\u00a0: %(raisons)s") % {
            "numero": self.ligne,
            "raisons": "; ".join(self.raisons),
        }


@dataclass
class Rapport:
    crees: int = 0
    modifies: int = 0
    inchanges: int = 0
    refusees: list[LigneRefusee] = field(default_factory=list)
    colonnes_ignorees: list[str] = field(default_factory=list)
    ecrit: bool = False  # faux pour un essai à blanc ou un import refusé

    @property
    def refuses(self) -> int:
        return len(self.refusees)

    def resume(self) -> list[str]:
        """Le rapport en français, ligne à ligne, tel que l'affiche la commande."""
        if self.ecrit:
            crees, modifies = (
                _("Lieux créés\u00a0: %(nombre)s"),
                _("Lieux mis à jour\u00a0: %(nombre)s"),
            )
        else:
            crees = _("Lieux à créer\u00a0: %(nombre)s")
            modifies = _("Lieux à mettre à jour\u00a0: %(nombre)s")
        lignes = [
            crees % {"nombre": self.crees},
            modifies % {"nombre": self.modifies},
            _("Lieux inchangés\u00a0: %(nombre)s") % {"nombre": self.inchanges},
            _("Lignes refusées\u00a0: %(nombre)s") % {"nombre": self.refuses},
        ]
        lignes.extend(f"  {refusee}" for refusee in self.refusees)
        if self.colonnes_ignorees:
            lignes.append(
                _("Colonnes hors du standard, ignorées\u00a0: %(colonnes)s")
                % {"colonnes": ", ".join(self.colonnes_ignorees)}
            )
        return lignes


def message_doublon(identifiant: str, premiere_ligne: int) -> str:
    return _("Identifiant « %(identifiant)s » en double\u00a0: il figure déjà ligne %(ligne)s.") % {
        "identifiant": identifiant,
        "ligne": premiere_ligne,
    }


def separateur_detecter(entete: str) -> str:
    """Le séparateur qui découpe l'en-tête en le plus de colonnes du standard
    (l'en-tête mêle parfois noms entre guillemets et noms nus)."""

    def reconnues(separateur: str) -> int:
        noms = next(csv.reader([entete], delimiter=separateur), [])
        return len({nom.strip() for nom in noms} & set(COLONNES))

    return max(SEPARATEURS, key=reconnues)


def colonnes_verifier(entete: list[str]) -> list[str]:
    """Lève FichierIllisible si une colonne obligatoire manque ; renvoie les
    colonnes hors du standard, qui seront ignorées."""
    manquantes = [c for c in OBLIGATOIRES if c not in entete]
    if manquantes:
        raise FichierIllisible(
            _(
                "Colonnes obligatoires absentes de l'en-tête\u00a0: %(colonnes)s. Vérifiez la "
                "première ligne du fichier et son séparateur (« , » ou «\u202f; »)."
            )
            % {"colonnes": ", ".join(manquantes)}
        )
    return [c for c in entete if c and c not in COLONNES]


def texte_lire(fichier: Path | str | IO) -> str:
    """Le contenu du fichier en texte, sans BOM, quelle que soit sa forme."""
    try:
        if isinstance(fichier, str | os.PathLike):
            contenu = Path(fichier).read_bytes()
        else:
            contenu = fichier.read()
        if isinstance(contenu, bytes):
            contenu = contenu.decode("utf-8-sig")
    except FileNotFoundError:
        raise FichierIllisible(
            _("Fichier introuvable\u00a0: %(fichier)s") % {"fichier": fichier}
        ) from None
    except UnicodeDecodeError as exc:
        raise FichierIllisible(
            _(
                "Le fichier n'est pas en UTF-8 (octet illisible à la position %(position)s)\u00a0: "
                "enregistrez-le en « CSV UTF-8 »."
            )
            % {"position": exc.start}
        ) from None
    except OSError as exc:
        raise FichierIllisible(
            _("Lecture du fichier impossible\u00a0: %(raison)s") % {"raison": exc.strerror}
        ) from None
    return contenu.removeprefix("\ufeff")


def lignes_lire(texte: str) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """(en-tête, itérateur de (numéro de ligne, champs)).

    Le numéro est celui de la première ligne physique de l'enregistrement : une
    présentation sur plusieurs lignes (entre guillemets) ne décale pas le compte.
    """
    if not texte.strip():
        raise FichierIllisible(_("Le fichier est vide."))
    separateur = separateur_detecter(texte.split("\n", 1)[0])
    lecteur = csv.reader(io.StringIO(texte, newline=""), delimiter=separateur)
    entete = [nom.strip() for nom in next(lecteur)]

    def enregistrements():
        debut = lecteur.line_num + 1
        try:
            for champs in lecteur:
                if champs and any(c.strip() for c in champs):
                    yield debut, champs
                debut = lecteur.line_num + 1
        except csv.Error as exc:
            raise FichierIllisible(
                _("CSV mal formé ligne %(ligne)s\u00a0: %(erreur)s")
                % {"ligne": lecteur.line_num, "erreur": exc}
            ) from None

    return entete, enregistrements()


def _champs_du_modele(entete: list[str]) -> list[str]:
    return [champ_de_la_colonne(c) for c in COLONNES if c in entete]


def _valider(entete, enregistrements, rapport: Rapport) -> list[dict]:
    """Valide chaque ligne ; renvoie les valeurs des lignes acceptées."""
    largeur = len(entete)
    vus: dict[str, int] = {}
    valides = []
    for numero, champs in enregistrements:
        erreurs = []
        # Comme tablib (import de l'administration), une ligne courte est
        # complétée par des vides ; une ligne trop longue trahit un décalage.
        if len(champs) > largeur and any(c.strip() for c in champs[largeur:]):
            erreurs.append(
                _(
                    "La ligne compte %(champs)s champs pour %(colonnes)s colonnes "
                    "(séparateur ou guillemet en trop\u202f?)."
                )
                % {"champs": len(champs), "colonnes": largeur}
            )
        valeurs, raisons = valider_ligne(dict(zip(entete, champs, strict=False)))
        erreurs.extend(raisons)
        identifiant = valeurs["identifiant"]
        if identifiant in vus:
            erreurs.append(message_doublon(identifiant, vus[identifiant]))
        elif identifiant:
            vus[identifiant] = numero
        if erreurs:
            rapport.refusees.append(LigneRefusee(numero, erreurs))
        else:
            valides.append(valeurs)
    return valides


def lieux_importer(
    *, fichier: Path | str | IO, dry_run: bool = False, ignorer_erreurs: bool = False
) -> Rapport:
    """Crée ou met à jour (par `id`) les lieux d'un fichier CSV au standard.

    Rien n'est écrit avec `dry_run`, ni quand une ligne est refusée sans
    `ignorer_erreurs`. Seules les colonnes du standard présentes dans le
    fichier sont touchées : les champs propres aux PAPI (Wi-Fi, impression…)
    et la publication d'un lieu existant restent tels quels.
    """
    entete, enregistrements = lignes_lire(texte_lire(fichier))
    rapport = Rapport(colonnes_ignorees=colonnes_verifier(entete))
    valides = _valider(entete, enregistrements, rapport)
    champs = _champs_du_modele(entete)

    existants = {
        lieu.identifiant: lieu
        for lieu in Lieu.objects.filter(identifiant__in=[v["identifiant"] for v in valides]).defer(
            "recherche"
        )
    }
    nouveaux, modifies, champs_modifies = [], [], set()
    for valeurs in valides:
        lieu = existants.get(valeurs["identifiant"])
        if lieu is None:
            nouveaux.append(Lieu(**{c: valeurs[c] for c in champs}))
            continue
        changes = {c for c in champs if getattr(lieu, c) != valeurs[c]}
        if not changes:
            rapport.inchanges += 1
            continue
        for champ in changes:
            setattr(lieu, champ, valeurs[champ])
        champs_modifies |= changes
        modifies.append(lieu)
    rapport.crees, rapport.modifies = len(nouveaux), len(modifies)

    if dry_run or (rapport.refusees and not ignorer_erreurs):
        return rapport
    # Un seul appel pour tout le fichier : COPY, une passe de créneaux et d'index.
    lieux_enregistrer(lieux=nouveaux + modifies, champs=champs_modifies)
    rapport.ecrit = True
    return rapport
