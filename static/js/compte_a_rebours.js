// Compte à rebours de la page d'une édition ouverte (amélioration : le serveur
// l'écrit déjà, au jour près, et juge seul de la clôture). Les jours se comptent
// en dates de Paris, comme le fait le serveur ; le dernier jour, en heures.
(function () {
  "use strict";
  var zone = document.querySelector(".compte-a-rebours[data-cloture]");
  if (!zone || !window.Intl) {
    return;
  }
  var cloture = new Date(zone.dataset.cloture);
  if (isNaN(cloture.getTime())) {
    return;
  }
  var jourDeParis = new Intl.DateTimeFormat("en-CA", {
    timeZone: "Europe/Paris", year: "numeric", month: "2-digit", day: "2-digit"
  });
  function jourNumero(date) {
    var morceaux = jourDeParis.format(date).split("-");
    return Date.UTC(+morceaux[0], +morceaux[1] - 1, +morceaux[2]) / 86400000;
  }
  var texte = zone.querySelector("strong") || zone;
  function afficher() {
    var maintenant = new Date();
    // La dernière seconde (23:59:59) est encore acceptée.
    var reste = cloture.getTime() + 1000 - maintenant.getTime();
    if (reste <= 0) {
      texte.textContent = zone.dataset.modeleClos;
      return false;
    }
    var jours = jourNumero(cloture) - jourNumero(maintenant);
    if (jours > 1) {
      texte.textContent = zone.dataset.modeleJours.replace("{n}", jours);
    } else if (jours === 1) {
      texte.textContent = zone.dataset.modeleUnJour;
    } else {
      var minutes = Math.floor(reste / 60000);
      texte.textContent = zone.dataset.modeleHeures
        .replace("{h}", Math.floor(minutes / 60))
        .replace("{m}", minutes % 60);
    }
    return true;
  }
  if (afficher()) {
    var minuteur = window.setInterval(function () {
      if (!afficher()) {
        window.clearInterval(minuteur);
      }
    }, 30000);
  }
})();
