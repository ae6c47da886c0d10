<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context><name>QFileDialog</name>
<message><source>&amp;Look in:</source><translation>&amp;Voir dans :</translation></message>
<message><source>Files of &amp;type:</source><translation>Fichiers de &amp;type :</translation></message>
</context>
<context><name>QPrintSettingsOutput</name>
<message><source>Page &amp;Set:</source><translation>&amp;Jeu de pages :</translation></message>
</context>
<context><name>QPrintDialog</name>
<message><source>Page &amp;Set:</source><translation>&amp;Jeu de pages :</translation></message>
</context>
<context><name>QPrintPropertiesWidget</name>
<message><source>Page &amp;Set:</source><translation>&amp;Jeu de pages :</translation></message>
</context>
</TS>
