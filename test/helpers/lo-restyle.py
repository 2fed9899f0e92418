#!/usr/bin/python3
"""Changes paragraph styles of a Word document in LibreOffice and saves it as DOCX.

What a commission's staff do to make a reference DOCX: open a document in
LibreOffice Writer, change the Normal ("Default Paragraph Style") and Heading 1
styles, save as Word. Here LibreOffice itself does it, driven through UNO, so
the reference DOCX is one LibreOffice wrote, not one the tests made by hand.

usage: lo-restyle.py IN.docx OUT.docx CHANGES.json
CHANGES.json: {"Standard": {"CharHeight": 13, ...}, "Heading 1": {...}}
(LibreOffice's programmatic style names and property names; CharColor as an
integer 0xRRGGBB, margins in hundredths of a millimetre). Runs its own
soffice with a private profile and stops it.
"""
import json
import os
import subprocess
import sys
import tempfile
import time

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def main():
    src, out, changes_file = sys.argv[1:4]
    with open(changes_file, encoding='utf-8') as f:
        changes = json.load(f)
    profile = tempfile.mkdtemp(prefix='lo-restyle-profile-')
    pipe = 'lo_restyle_%d' % os.getpid()
    office = subprocess.Popen([
        'soffice', '--headless', '--invisible', '--nologo', '--norestore', '--nodefault',
        '-env:UserInstallation=file://' + profile,
        '--accept=pipe,name=%s;urp;StarOffice.ComponentContext' % pipe,
    ], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext('com.sun.star.bridge.UnoUrlResolver', local)
        ctx = None
        for _ in range(240):
            try:
                ctx = resolver.resolve('uno:pipe,name=%s;urp;StarOffice.ComponentContext' % pipe)
                break
            except Exception:
                if office.poll() is not None:
                    raise SystemExit('soffice stopped before it could be reached')
                time.sleep(0.5)
        if ctx is None:
            raise SystemExit('soffice could not be reached in 120 s')
        desktop = ctx.ServiceManager.createInstanceWithContext('com.sun.star.frame.Desktop', ctx)
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(src)), '_blank', 0, (prop('Hidden', True),))
        styles = doc.getStyleFamilies().getByName('ParagraphStyles')
        for name, props in changes.items():
            style = styles.getByName(name)
            for key, value in props.items():
                style.setPropertyValue(key, value)
        doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(out)), (prop('FilterName', 'MS Word 2007 XML'),))
        doc.close(True)
        try:
            desktop.terminate()
        except Exception:
            pass  # the bridge goes down with the office
    finally:
        try:
            office.wait(timeout=60)
        except subprocess.TimeoutExpired:
            office.kill()
            office.wait()
        subprocess.run(['rm', '-rf', profile], check=False)


if __name__ == '__main__':
    main()
