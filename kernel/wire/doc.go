// Package wire implements the Jupyter messaging wire format (protocol
// version 5.3) as seen by a kernel.
//
// The package owns three things:
//
//   - the connection file: [ConnectionInfo], read with [ReadConnectionFile]
//     or [ParseConnectionInfo], which also turns ports into ZeroMQ endpoint
//     strings with [ConnectionInfo.Endpoint];
//   - message framing: [Decode] turns the frames of one multipart message
//     into a [Message] and [Encode] turns a [Message] back into frames;
//   - signing: a [Signer] computes and checks the HMAC signature that
//     authenticates each message.
//
// A multipart message is laid out as
//
//	identity...      zero or more routing frames
//	<IDS|MSG>        the delimiter
//	signature        lowercase hex HMAC of the next four frames
//	header           JSON object
//	parent_header    JSON object, {} when there is no parent
//	metadata         JSON object
//	content          JSON object
//	buffer...        zero or more raw binary buffers
//
// The package does not own sockets, transports or ZeroMQ: it works on
// frames ([][]byte) handed to it by the caller. Nor does it dispatch
// messages or know what their content means: [Message.Content] stays raw
// JSON for callers to decode into their own typed structs, and the package
// checks only that each JSON part is an object and that the header names a
// message type.
package wire
