// Leaflet en français, pour toutes les cartes du portail : chargé juste après
// leaflet.js, avant qu'une carte ne se crée. Sans lui, les boutons de zoom
// s'annoncent « Zoom in » / « Zoom out » et le lien de Leaflet porte une bulle en
// anglais (avec un drapeau, qui n'a rien à faire là).
(function () {
  "use strict";

  if (typeof L === "undefined") {
    return;
  }
  L.Control.Zoom.prototype.options.zoomInTitle = "Zoomer";
  L.Control.Zoom.prototype.options.zoomOutTitle = "Dézoomer";
  L.Control.Attribution.prototype.options.prefix =
    '<a href="https://leafletjs.com/" hreflang="en" title="Bibliothèque de cartes interactives">Leaflet</a>';
})();
