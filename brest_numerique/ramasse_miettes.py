"""Le ramasse-miettes de Python, là où il ne ferait que repasser sur des objets vivants.

Le ramasse-miettes cyclique se déclenche au fil des allocations et parcourt alors
tous les objets suivis. Trois moments le font travailler pour rien :

- un traitement en masse, qui garde des dizaines de milliers d'objets sans cycles
  (lignes validées, lieux, créneaux) : `suspendu()`. Mesuré sur l'import de
  20 000 lieux (bench/import_lieux.py) : la validation passe de 1,6-2,4 s à 1,2-1,3 s ;
- le démarrage d'une commande : les quelque 200 000 objets qu'il crée (modules,
  classes, modèles) vivront jusqu'à la sortie ;
- la sortie de Python, qui fait plusieurs collectes complètes de tout ce qui vit
  encore, alors que le système reprend de toute façon la mémoire du processus.

Ces deux derniers coûtaient 0,2 et 0,5 s à chaque `manage.py`, sur 1,5 s pour
`importer_lieux --help` (bench/README.md, onzième relevé). Un worker de gunicorn
démarre de même (`demarrage_d_un_serveur`), à chaque recyclage (`max_requests`) :
1,27-1,39 s au lieu de 1,50-1,66 (cinq essais alternés) ; sa sortie trouve déjà
tout gelé.
"""

import atexit
import gc
from collections.abc import Iterator
from contextlib import contextmanager

_suspendu_pour_le_demarrage = False


@contextmanager
def suspendu() -> Iterator[None]:
    """Le ramasse-miettes à l'arrêt dans le bloc, puis remis comme il était."""
    actif = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if actif:
            gc.enable()


@contextmanager
def demarrage_d_un_serveur() -> Iterator[None]:
    """Le démarrage d'un worker web (brest_numerique/wsgi.py), ramasse-miettes à
    l'arrêt ; puis ce qu'il a créé sort du ramasse-miettes.

    Ces ~250 000 objets (modules, modèles, URL) vivent autant que le processus ; le
    ramasse-miettes les repasserait pourtant tous à chaque collecte complète : 150 ms
    où la requête en cours attend, une fois toutes les cent requêtes environ
    (bench/README.md). Une collecte, d'abord, pour ne pas geler les cycles morts
    d'un processus qui va durer."""
    with suspendu():
        yield
    gc.collect()
    gc.freeze()


def commande_lancee() -> None:
    """Pour manage.py, avant que Django ne démarre : le ramasse-miettes s'arrête
    jusqu'à `demarrage_fini()`, et la sortie ne repasse plus sur rien."""
    global _suspendu_pour_le_demarrage
    if gc.isenabled():
        gc.disable()
        _suspendu_pour_le_demarrage = True
    # Enregistré avant ceux qu'installent Django et logging, il passe après eux
    # (atexit remonte l'ordre d'enregistrement) : les journaux sont déjà vidés.
    atexit.register(gc.freeze)


def demarrage_fini() -> None:
    """Les applications prêtes, ce que le démarrage d'une commande a créé sort du
    ramasse-miettes, qui reprend pour le travail de la commande elle-même."""
    global _suspendu_pour_le_demarrage
    if _suspendu_pour_le_demarrage:
        gc.freeze()
        gc.enable()
        _suspendu_pour_le_demarrage = False
