"""Les registres que les applications remplissent depuis leur `ready()` : sortes de
notifications, rubriques du menu, files du travail différé.

Réenregistrer un élément identique ne fait rien (un `ready()` peut être rejoué, dans
les tests par exemple) ; une même clé avec une autre définition est une erreur, et
un lot qui en contient une n'enregistre rien (tout ou rien).
"""

from collections.abc import Callable, Hashable, Iterator, Mapping
from typing import Generic, TypeVar

T = TypeVar("T")


class EnConflit(ValueError):
    """Deux définitions différentes pour une même clé."""


class Registre(Mapping, Generic[T]):
    def __init__(self, quoi: str, cle: Callable[[T], Hashable], erreur: type = EnConflit):
        self.quoi, self.cle, self.erreur = quoi, cle, erreur
        self._elements: dict[Hashable, T] = {}

    def enregistrer(self, *elements: T) -> None:
        for nouveau in elements:
            existant = self._elements.get(self.cle(nouveau))
            if existant is not None and existant != nouveau:
                raise self.erreur(
                    f"{self.quoi} « {self.cle(nouveau)} » est déjà enregistré(e) "
                    f"avec une autre définition : {existant!r}"
                )
        for nouveau in elements:
            self._elements[self.cle(nouveau)] = nouveau

    def __getitem__(self, cle: Hashable) -> T:
        return self._elements[cle]

    def __iter__(self) -> Iterator[Hashable]:
        return iter(self._elements)

    def __len__(self) -> int:
        return len(self._elements)
