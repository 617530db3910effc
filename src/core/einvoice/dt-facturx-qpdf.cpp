// dt-facturx-qpdf.cpp: libqpdf does the PDF structure work of Factur-X (attachment, output
// intent, metadata, Info); kept to what the C interface in dt-facturx-qpdf.h needs.
#include "dt-facturx-qpdf.h"

// Use qpdf 11's std::shared_ptr interfaces, not the deprecated PointerHolder.
#define POINTERHOLDER_TRANSITION 4

#include <qpdf/Buffer.hh>
#include <qpdf/Pipeline.hh>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFEFStreamObjectHelper.hh>
#include <qpdf/QPDFEmbeddedFileDocumentHelper.hh>
#include <qpdf/QPDFFileSpecObjectHelper.hh>
#include <qpdf/QPDFObjectHandle.hh>
#include <qpdf/QPDFWriter.hh>

#include <cstdlib>
#include <cstring>
#include <exception>
#include <memory>
#include <stdexcept>
#include <string>

namespace {

char *
copy_string (std::string const &s)
{
  char *out = static_cast<char *> (std::malloc (s.size () + 1));
  if (out != nullptr)
    std::memcpy (out, s.c_str (), s.size () + 1);
  return out;
}

int
fail (char **error_message, std::string const &what)
{
  if (error_message != nullptr)
    *error_message = copy_string (what);
  return 1;
}

void
open_pdf (QPDF &qpdf, const unsigned char *pdf, size_t pdf_len)
{
  // Warnings (a repaired xref, say) are not ours to print on stderr.
  qpdf.setSuppressWarnings (true);
  qpdf.processMemoryFile ("invoice.pdf", reinterpret_cast<const char *> (pdf), pdf_len);
}

std::string
info_text (QPDFObjectHandle info, const char *key)
{
  if (!info.isDictionary ())
    return "";
  QPDFObjectHandle value = info.getKey (key);
  return value.isString () ? value.getUTF8Value () : "";
}

QPDFObjectHandle
output_intent (QPDF &qpdf, DtFacturxParts const *parts)
{
  std::string icc (reinterpret_cast<const char *> (parts->icc), parts->icc_len);
  QPDFObjectHandle profile = QPDFObjectHandle::newStream (&qpdf, icc);
  profile.getDict ().replaceKey ("/N", QPDFObjectHandle::newInteger (3));

  QPDFObjectHandle intent = QPDFObjectHandle::newDictionary ();
  intent.replaceKey ("/Type", QPDFObjectHandle::newName ("/OutputIntent"));
  intent.replaceKey ("/S", QPDFObjectHandle::newName ("/GTS_PDFA1"));
  intent.replaceKey ("/OutputConditionIdentifier",
                     QPDFObjectHandle::newString (parts->icc_identifier));
  intent.replaceKey ("/Info", QPDFObjectHandle::newString (parts->icc_identifier));
  intent.replaceKey ("/DestOutputProfile", profile);
  return qpdf.makeIndirectObject (intent);
}

QPDFObjectHandle
attachment (QPDF &qpdf, DtFacturxParts const *parts)
{
  std::string xml (reinterpret_cast<const char *> (parts->xml), parts->xml_len);
  // createEFStream stores /Params /Size and /CheckSum itself.
  QPDFEFStreamObjectHelper stream = QPDFEFStreamObjectHelper::createEFStream (qpdf, xml);
  stream.setSubtype ("text/xml").setModDate (parts->pdf_date);

  QPDFFileSpecObjectHelper spec =
    QPDFFileSpecObjectHelper::createFileSpec (qpdf, parts->xml_name, stream);
  spec.setDescription (parts->xml_description);
  QPDFObjectHandle dict = spec.getObjectHandle ();
  dict.replaceKey ("/AFRelationship", QPDFObjectHandle::newName ("/Alternative"));
  return dict;
}

// Collects a stream's decoded bytes and gives up past a limit, so a small compressed
// attachment in a hostile PDF cannot inflate into gigabytes.
class LimitedSink : public Pipeline
{
public:
  explicit LimitedSink (size_t limit)
    : Pipeline ("limited sink", nullptr), limit_ (limit)
  {
  }

  void
  write (unsigned char const *data, size_t len) override
  {
    if (len > limit_ - data_.size ())
      {
        // qpdf catches this to stop decoding and reports a failure; exceeded() says why.
        exceeded_ = true;
        throw std::length_error ("attachment too large");
      }
    data_.append (reinterpret_cast<const char *> (data), len);
  }

  void
  finish () override
  {
  }

  std::string const &
  data () const
  {
    return data_;
  }

  bool
  exceeded () const
  {
    return exceeded_;
  }

private:
  size_t limit_;
  bool exceeded_ = false;
  std::string data_;
};

} // namespace

extern "C" void
dt_facturx_qpdf_info_clear (DtFacturxPdfInfo *info)
{
  std::free (info->title);
  std::free (info->author);
  std::free (info->creator);
  std::memset (info, 0, sizeof *info);
}

extern "C" int
dt_facturx_qpdf_read_info (const unsigned char *pdf,
                           size_t               pdf_len,
                           DtFacturxPdfInfo    *out_info,
                           char               **error_message)
{
  try
    {
      QPDF qpdf;
      open_pdf (qpdf, pdf, pdf_len);
      QPDFObjectHandle info = qpdf.getTrailer ().getKey ("/Info");
      out_info->title = copy_string (info_text (info, "/Title"));
      out_info->author = copy_string (info_text (info, "/Author"));
      out_info->creator = copy_string (info_text (info, "/Creator"));
      out_info->encrypted = qpdf.isEncrypted () ? 1 : 0;
      return 0;
    }
  catch (std::exception const &e)
    {
      return fail (error_message, e.what ());
    }
}

extern "C" int
dt_facturx_qpdf_assemble (const unsigned char   *pdf,
                          size_t                 pdf_len,
                          DtFacturxParts const  *parts,
                          unsigned char        **out_pdf,
                          size_t                *out_len,
                          char                 **error_message)
{
  try
    {
      QPDF qpdf;
      open_pdf (qpdf, pdf, pdf_len);
      QPDFObjectHandle root = qpdf.getRoot ();

      QPDFObjectHandle spec = attachment (qpdf, parts);
      QPDFEmbeddedFileDocumentHelper files (qpdf);
      files.replaceEmbeddedFile (parts->xml_name, QPDFFileSpecObjectHelper (spec));
      root.replaceKey ("/AF", QPDFObjectHandle::newArray ({ spec }));

      root.replaceKey ("/OutputIntents",
                       QPDFObjectHandle::newArray ({ output_intent (qpdf, parts) }));

      // XMP must stay readable by tools that do not inflate streams (PDF/A-3 6.6.2.1).
      QPDFObjectHandle metadata = QPDFObjectHandle::newStream (&qpdf, parts->xmp);
      metadata.getDict ().replaceKey ("/Type", QPDFObjectHandle::newName ("/Metadata"));
      metadata.getDict ().replaceKey ("/Subtype", QPDFObjectHandle::newName ("/XML"));
      root.replaceKey ("/Metadata", metadata);

      // The Info dictionary must say what the XMP says (PDF/A-3 6.6.2.3.1).
      QPDFObjectHandle info = qpdf.getTrailer ().getKey ("/Info");
      if (!info.isDictionary ())
        {
          info = qpdf.makeIndirectObject (QPDFObjectHandle::newDictionary ());
          qpdf.getTrailer ().replaceKey ("/Info", info);
        }
      // An empty entry would have to be restated as an empty XMP property: drop it instead.
      for (const char *key : { "/Title", "/Author", "/Subject", "/Keywords", "/Creator" })
        {
          QPDFObjectHandle value = info.getKey (key);
          if (value.isString () && value.getUTF8Value ().empty ())
            info.removeKey (key);
        }
      info.replaceKey ("/Producer", QPDFObjectHandle::newUnicodeString (parts->producer));
      info.replaceKey ("/CreationDate", QPDFObjectHandle::newString (parts->pdf_date));
      info.replaceKey ("/ModDate", QPDFObjectHandle::newString (parts->pdf_date));

      QPDFWriter writer (qpdf);
      writer.setOutputMemory ();
      writer.setMinimumPDFVersion ("1.7");
      writer.setPreserveEncryption (false);
      writer.setObjectStreamMode (qpdf_o_disable);
      // The document ID (PDF/A-3 6.1.3) from the content, so the same invoice gives the
      // same file.
      writer.setDeterministicID (true);
      writer.write ();
      std::shared_ptr<Buffer> buffer = writer.getBufferSharedPointer ();

      *out_len = buffer->getSize ();
      *out_pdf = static_cast<unsigned char *> (std::malloc (*out_len ? *out_len : 1));
      if (*out_pdf == nullptr)
        return fail (error_message, "out of memory");
      std::memcpy (*out_pdf, buffer->getBuffer (), *out_len);
      return 0;
    }
  catch (std::exception const &e)
    {
      return fail (error_message, e.what ());
    }
}

extern "C" int
dt_facturx_qpdf_extract (const unsigned char  *pdf,
                         size_t                pdf_len,
                         const char           *name,
                         size_t                max_len,
                         unsigned char       **out_data,
                         size_t               *out_len,
                         char                **out_relationship,
                         char                **error_message)
{
  *out_data = nullptr;
  *out_len = 0;
  *out_relationship = nullptr;
  try
    {
      QPDF qpdf;
      open_pdf (qpdf, pdf, pdf_len);
      QPDFEmbeddedFileDocumentHelper files (qpdf);
      std::shared_ptr<QPDFFileSpecObjectHelper> spec = files.getEmbeddedFile (name);
      if (!spec)
        return 0;
      QPDFObjectHandle stream = spec->getEmbeddedFileStream ();
      if (!stream.isStream ())
        return fail (error_message, "the attachment has no file stream");
      LimitedSink sink (max_len);
      bool piped = false;
      try
        {
          piped = stream.pipeStreamData (&sink, nullptr, 0, qpdf_dl_generalized, true);
        }
      catch (std::length_error const &)
        {
        }
      if (sink.exceeded ())
        return fail (error_message, "the attachment is larger than " + std::to_string (max_len)
                                    + " bytes");
      if (!piped)
        return fail (error_message, "the attachment's data cannot be decoded");
      QPDFObjectHandle relationship = spec->getObjectHandle ().getKey ("/AFRelationship");

      *out_len = sink.data ().size ();
      *out_data = static_cast<unsigned char *> (std::malloc (*out_len ? *out_len : 1));
      if (*out_data == nullptr)
        return fail (error_message, "out of memory");
      std::memcpy (*out_data, sink.data ().data (), *out_len);
      *out_relationship = copy_string (relationship.isName () ? relationship.getName () : "");
      return 0;
    }
  catch (std::exception const &e)
    {
      return fail (error_message, e.what ());
    }
}
