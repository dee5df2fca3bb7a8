<?xml version="1.0" encoding="UTF-8"?>
<!-- Shows an Atom feed as a page when a browser opens it; feed readers never
     read this. No scripts, no assets from elsewhere. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:a="http://www.w3.org/2005/Atom" exclude-result-prefixes="a">
<xsl:output method="html" encoding="UTF-8" doctype-system="about:legacy-compat"/>
<xsl:template match="/a:feed">
<html lang="en">
<head>
<meta charset="utf-8"/>
<meta name="viewport" content="width=device-width, initial-scale=1"/>
<title><xsl:value-of select="a:title"/> · feed</title>
<style>
:root { color-scheme: light dark; --bg: #fbfaf7; --surface: #fff; --text: #1b1b1b; --muted: #525252; --line: #d6d3cc; --link: #0a56a0; --note-bg: #fff1c2; --note-fg: #5c4300; }
@media (prefers-color-scheme: dark) { :root { --bg: #141517; --surface: #1d1f22; --text: #ebe9e4; --muted: #b3b0a8; --line: #3a3d42; --link: #8ec1ff; --note-bg: #4a3a00; --note-fg: #ffe69a; } }
body { margin: 0; background: var(--bg); color: var(--text); font: 400 1.0625rem/1.6 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
.wrap { max-width: 46rem; margin: 0 auto; padding: 0 1rem 3rem; }
header { border-bottom: 3px solid var(--text); background: var(--surface); }
header .wrap { padding: 0.6rem 1rem; font-weight: 800; }
a { color: var(--link); }
:focus-visible { outline: 3px solid var(--link); outline-offset: 2px; }
h1 { font-size: 1.75rem; line-height: 1.25; margin: 1rem 0 0.5rem; }
.about { background: var(--note-bg); color: var(--note-fg); border-radius: 6px; padding: 0.7rem 0.9rem; }
.about code { overflow-wrap: anywhere; font-size: 0.9em; }
ol { list-style: none; padding: 0; }
li { border-bottom: 1px solid var(--line); padding: 0.8rem 0; }
li h2 { font-size: 1.1rem; margin: 0; line-height: 1.35; }
.when { color: var(--muted); font-size: 0.9rem; margin: 0.2rem 0; }
p { margin: 0.3rem 0; max-width: 70ch; }
</style>
</head>
<body>
<header><div class="wrap"><xsl:value-of select="a:author/a:name"/></div></header>
<main class="wrap">
<h1><xsl:value-of select="a:title"/></h1>
<p class="about"><strong>This is a feed.</strong> Copy this page's address from the address bar into a feed reader to follow every change as it is recorded, or <a href="{a:link/@href}">read the page itself</a>.</p>
<ol>
<xsl:for-each select="a:entry">
<li>
<h2><a href="{a:link/@href}"><xsl:value-of select="a:title"/></a></h2>
<p class="when"><xsl:value-of select="substring(a:updated, 1, 10)"/><xsl:text> · </xsl:text><xsl:value-of select="a:author/a:name"/></p>
<xsl:if test="string(a:summary)"><p><xsl:value-of select="a:summary" disable-output-escaping="yes"/></p></xsl:if>
</li>
</xsl:for-each>
</ol>
</main>
</body>
</html>
</xsl:template>
</xsl:stylesheet>
