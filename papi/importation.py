"""Import en masse d'un fichier au standard national (commande importer_lieux).

Chaque ligne passe par papi.validation.valider_ligne, comme dans l'import de
l'administration (papi.ressources) : une ligne reçoit le même verdict par les
deux chemins. L'écriture se fait d'un bloc, par papi.services.lieux_enregistrer
(requêtes groupées, une seule transaction), au fil de la validation : un import
est appliqué en entier ou pas du tout.
"""

import csv
import io
import os
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import IO

from django.db import transaction
from django.utils.translation import gettext as _

from brest_numerique import ramasse_miettes
from brest_numerique.tableaux import raison_en_francais
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
    return _("Identifiant « %(identifiant)s » en double\u00a0: il figure déjà ligne %(ligne)s.") % {
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
                "première ligne du fichier et son séparateur (« , » ou «\u202f; »)."
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
                "enregistrez-le en « CSV UTF-8 »."
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
    premiere = texte.split("\n", 1)[0]
    # Une cellule démesurée (plus de 128 Kio) fait lever csv.Error dès l'en-tête.
    try:
        separateur = separateur_detecter(premiere)
    except csv.Error:
        separateur = SEPARATEURS[0]
    lecteur = csv.reader(io.StringIO(texte, newline=""), delimiter=separateur)

    def mal_forme(exc: csv.Error) -> FichierIllisible:
        return FichierIllisible(
            _("CSV mal formé ligne %(ligne)s\u00a0: %(erreur)s")
            % {"ligne": lecteur.line_num, "erreur": raison_en_francais(exc)}
        )

    try:
        entete = [nom.strip() for nom in next(lecteur)]
    except csv.Error as exc:
        raise mal_forme(exc) from None

    def enregistrements():
        debut = lecteur.line_num + 1
        try:
            for champs in lecteur:
                if champs and any(c.strip() for c in champs):
                    yield debut, champs
                debut = lecteur.line_num + 1
        except csv.Error as exc:
            raise mal_forme(exc) from None

    return entete, enregistrements()


def _champs_du_modele(entete: list[str]) -> list[str]:
    return [champ_de_la_colonne(c) for c in COLONNES if c in entete]


def _fabrique_de_lieux(champs: list[str]) -> Callable[[dict], Lieu]:
    """Un lieu neuf d'après les valeurs validées de ces champs ; les autres prennent
    leur valeur par défaut. Les valeurs passent par position, dans l'ordre des
    colonnes : Django saute alors l'examen des arguments nommés, qui coûtait 1 s
    pour les 20 000 lieux d'un import, contre 0,2 s."""
    dans_le_fichier = set(champs)
    sources = []
    for champ in Lieu._meta.concrete_fields:
        if champ.attname in dans_le_fichier:
            sources.append(itemgetter(champ.attname))
        else:
            # Appelée pour chaque lieu : un défaut `list` donne une liste neuve à chacun.
            sources.append(lambda _valeurs, defaut=champ.get_default: defaut())

    def fabriquer(valeurs: dict) -> Lieu:
        return Lieu(*[source(valeurs) for source in sources])

    return fabriquer


def _verdict(entete: list[str], numero: int, champs: list[str], vus: dict[str, int]):
    """(valeurs, erreurs) d'un enregistrement du fichier."""
    erreurs = []
    # Comme tablib (import de l'administration), une ligne courte est
    # complétée par des vides ; une ligne trop longue trahit un décalage.
    if len(champs) > len(entete) and any(c.strip() for c in champs[len(entete) :]):
        erreurs.append(
            _(
                "La ligne compte %(champs)s champs pour %(colonnes)s colonnes "
                "(séparateur ou guillemet en trop\u202f?)."
            )
            % {"champs": len(champs), "colonnes": len(entete)}
        )
    valeurs, raisons = valider_ligne(dict(zip(entete, champs, strict=False)))
    erreurs.extend(raisons)
    identifiant = valeurs["identifiant"]
    if identifiant in vus:
        erreurs.append(message_doublon(identifiant, vus[identifiant]))
    elif identifiant:
        vus[identifiant] = numero
    return valeurs, erreurs


@dataclass
class _Import:
    """Le passage sur les enregistrements du fichier : chacun est validé, compté
    dans le rapport, puis rendu s'il y a un lieu à écrire."""

    entete: list[str]
    rapport: Rapport
    existants: dict[str, Lieu]
    vus: dict[str, int] = field(default_factory=dict)

    def __post_init__(self):
        self.champs = _champs_du_modele(self.entete)
        self.fabriquer = _fabrique_de_lieux(self.champs)

    def lieux(self, enregistrements, *, jusqu_au_premier_refus: bool) -> Iterator[Lieu]:
        for numero, brut in enregistrements:
            valeurs, erreurs = _verdict(self.entete, numero, brut, self.vus)
            if erreurs:
                self.rapport.refusees.append(LigneRefusee(numero, erreurs))
                if jusqu_au_premier_refus:
                    return
                continue
            lieu = self.existants.get(valeurs["identifiant"])
            if lieu is None:
                self.rapport.crees += 1
                yield self.fabriquer(valeurs)
                continue
            changes = [c for c in self.champs if getattr(lieu, c) != valeurs[c]]
            if not changes:
                self.rapport.inchanges += 1
                continue
            for champ in changes:
                setattr(lieu, champ, valeurs[champ])
            self.rapport.modifies += 1
            yield lieu


def _existants(entete: list[str], enregistrements: list[tuple[int, list[str]]]) -> dict:
    """Les lieux déjà en base que nomment les identifiants du fichier, lus d'avance :
    pendant l'écriture, la connexion ne sert qu'au COPY."""
    colonne = entete.index("id")
    identifiants = [b[colonne].strip() for _, b in enregistrements if len(b) > colonne]
    return {
        lieu.identifiant: lieu
        for lieu in Lieu.objects.filter(identifiant__parmi=identifiants).defer(
            *Lieu.CALCULES_PAR_LA_BASE
        )
    }


def lieux_importer(
    *, fichier: Path | str | IO, dry_run: bool = False, ignorer_erreurs: bool = False
) -> Rapport:
    """Crée ou met à jour (par `id`) les lieux d'un fichier CSV au standard.

    Rien n'est écrit avec `dry_run`, ni quand une ligne est refusée sans
    `ignorer_erreurs`. Seules les colonnes du standard présentes dans le
    fichier sont touchées : les champs propres aux PAPI (Wi-Fi, impression…)
    et la publication d'un lieu existant restent tels quels.

    Les lignes sont validées au fil de l'écriture, dans une transaction : Python
    valide pendant que PostgreSQL range les lieux déjà validés. À la première
    ligne refusée (sans `ignorer_erreurs`), l'écriture s'arrête, le reste du fichier
    est seulement validé, pour le rapport, et la transaction est annulée.
    """
    entete, enregistrements = lignes_lire(texte_lire(fichier))
    rapport = Rapport(colonnes_ignorees=colonnes_verifier(entete))
    # Lu en entier d'abord : un CSV mal formé est refusé avant toute écriture.
    lus = list(enregistrements)
    passage = _Import(entete, rapport, _existants(entete, lus))
    enregistrements = iter(lus)
    # Les objets d'un import ne forment pas de cycles : le ramasse-miettes
    # repasserait sans cesse sur des dizaines de milliers d'objets vivants.
    with ramasse_miettes.suspendu():
        if dry_run:
            deque(passage.lieux(enregistrements, jusqu_au_premier_refus=False), maxlen=0)
            return rapport
        with transaction.atomic():
            lieux = passage.lieux(enregistrements, jusqu_au_premier_refus=not ignorer_erreurs)
            lieux_enregistrer(lieux=lieux, champs=passage.champs)
            deque(passage.lieux(enregistrements, jusqu_au_premier_refus=False), maxlen=0)
            if rapport.refusees and not ignorer_erreurs:
                transaction.set_rollback(True)
                return rapport
    rapport.ecrit = True
    return rapport
