global using Xunit;
global using Curio.Actors;
