namespace Curio.Actors.Remote.Serialization;

/// <summary>Marker of Channel wire messages; bound to <see cref="ChannelFrameSerializer"/>.</summary>
internal interface IChannelMessage;
