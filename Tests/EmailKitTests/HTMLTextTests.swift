import EmailKit
import Testing

@Suite struct HTMLTextTests {
    @Test func blockElementsBecomeLinesAndParagraphs() {
        #expect(HTMLText.plainText("<div>one</div><div>two</div><p>three</p>four<br>five") == "one\ntwo\n\nthree\n\nfour\nfive")
    }

    @Test func collapsesWhiteSpaceOutsidePre() {
        #expect(HTMLText.plainText("<p>  a \n\t b  </p><pre>  x\n   y</pre>") == "a b\n\n  x\n   y")
    }

    @Test func decodesCharacterReferences() {
        #expect(HTMLText.plainText("&amp;&lt;&gt;&quot;&#39;&apos;&eacute;&#233;&#xE9;&euro;&#150;&hellip;") == "&<>\"''ééé€–…")
        // Unknown names stay as written; invalid numbers become U+FFFD; legacy names work without `;`.
        #expect(HTMLText.plainText("&bogus; &#0; &#x110000; &amp &copy") == "&bogus; \u{FFFD} \u{FFFD} & ©")
    }

    @Test func dropsScriptsStylesHeadAndComments() {
        let html = "<html><head><title>T</title><style>p{}</style></head><body><script>if (a < b) {}</script><!-- c -->Hi<noscript>x</noscript></body></html>"
        #expect(HTMLText.plainText(html) == "Hi")
    }

    @Test func prefixesBlockquoteLines() {
        let html = "Answer<blockquote>q1<br>q2<blockquote>older</blockquote></blockquote>after"
        #expect(HTMLText.plainText(html) == "Answer\n\n> q1\n> q2\n\n>> older\n\nafter")
    }

    @Test func keepsALoneLessThanSignAndToleratesBrokenMarkup() {
        #expect(HTMLText.plainText("1 < 2 and <b>bold</i> <unclosed") == "1 < 2 and bold")
        #expect(HTMLText.plainText("<p>a<p>b</div></div></blockquote>c") == "a\n\nb\n\nc")
    }

    @Test func listItemsAndTableCells() {
        #expect(HTMLText.plainText("<ol><li>one</li><li>two</li></ol><table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>")
            == "- one\n- two\n\na b\nc")
    }
}
